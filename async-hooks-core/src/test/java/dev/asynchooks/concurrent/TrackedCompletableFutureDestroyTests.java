package dev.asynchooks.concurrent;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.EngineAssertions;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import dev.asynchooks.live.LiveResource;
import dev.asynchooks.live.LiveResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * When a {@code PROMISE} is destroyed: SPEC rule 13a. Once it is settled and its own
 * function has returned, on the completing thread; never by garbage collection unless it
 * never settles.
 */
@Timeout(60)
class TrackedCompletableFutureDestroyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final List<ExecutorService> executors = new ArrayList<>();

	@AfterEach
	void shutDownExecutorsAndCheckTheEngine() throws InterruptedException {
		for (ExecutorService executor : this.executors) {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		EngineAssertions.assertCleanAndReset();
	}

	@Test
	void promiseCompletedByHandIsDestroyedRightAfterItsPromiseResolveOnTheCompletingThread() throws Exception {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
			long id = future.asyncId();
			assertThat(recorder.namesFor(id)).containsExactly("init");
			Thread completer = new Thread(() -> future.complete("done"), "completer");
			completer.start();
			completer.join(10_000);
			assertThat(recorder.linesFor(id)).containsExactly("init PROMISE " + id + " trigger=1 eid=1",
					"promiseResolve " + id, "destroy " + id);
			assertThat(recorder.events()).filteredOn((event) -> event.asyncId() == id && !event.name().equals("init"))
				.extracting((event) -> event.thread().getName())
				.containsOnly("completer");
		}
	}

	@Test
	void everyWayOfSettlingDestroysOnce() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<String> completed = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> failed = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> cancelled = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> obtruded = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> already = TrackedCompletableFuture.completedFuture("now");
			TrackedCompletableFuture<String> alreadyFailed = TrackedCompletableFuture
				.failedFuture(new IllegalStateException("expected"));
			completed.complete("a");
			completed.complete("again");
			failed.completeExceptionally(new IllegalStateException("expected"));
			cancelled.cancel(false);
			obtruded.obtrudeValue("b");
			obtruded.obtrudeValue("c");
			for (TrackedCompletableFuture<?> future : List.of(completed, failed, cancelled, obtruded, already,
					alreadyFailed)) {
				assertThat(recorder.namesFor(future.asyncId())).as(future.toString())
					.containsExactly("init", "promiseResolve", "destroy");
			}
		}
	}

	@Test
	void aSourceIsDestroyedBeforeItsDependentsRunAndEachDependentAfterItsAfter() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> first = source.thenApply((value) -> value + 1);
			TrackedCompletableFuture<Integer> second = first.thenApply((value) -> value * 10);
			source.complete(1);
			assertThat(second.join()).isEqualTo(20);
			long s = source.asyncId();
			long a = first.asyncId();
			long b = second.asyncId();
			assertThat(recorder.linesFor(s, a, b)).containsExactly("init PROMISE " + s + " trigger=1 eid=1",
					"init PROMISE " + a + " trigger=" + s + " eid=1", "init PROMISE " + b + " trigger=" + a + " eid=1",
					"promiseResolve " + s, "destroy " + s, "before " + a, "promiseResolve " + a, "after " + a,
					"destroy " + a, "before " + b, "promiseResolve " + b, "after " + b, "destroy " + b);
		}
	}

	@Test
	void destroyIsDeliveredOutsideThePromisesScope() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> dependent = TrackedCompletableFuture.completedFuture(1)
				.thenApply((value) -> value + 1);
			assertThat(dependent.join()).isEqualTo(2);
			Event destroy = recorder.events()
				.stream()
				.filter((event) -> event.asyncId() == dependent.asyncId() && event.name().equals("destroy"))
				.findFirst()
				.orElseThrow();
			assertThat(destroy.executionAsyncId()).isEqualTo(1);
		}
	}

	@Test
	void thenComposeStageIsDestroyedWhenTheStageItsFunctionReturnedSettles() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> inner = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> composed = TrackedCompletableFuture.completedFuture(1)
				.thenCompose((value) -> inner);
			TrackedCompletableFuture<Integer> recovered = TrackedCompletableFuture
				.<Integer>failedFuture(new IllegalStateException("expected"))
				.exceptionallyCompose((ex) -> inner);
			assertThat(recorder.namesFor(composed.asyncId())).containsExactly("init", "before", "after");
			assertThat(recorder.namesFor(recovered.asyncId())).containsExactly("init", "before", "after");
			inner.complete(7);
			assertThat(composed.join()).isEqualTo(7);
			assertThat(recovered.join()).isEqualTo(7);
			assertThat(recorder.namesFor(composed.asyncId())).containsExactly("init", "before", "after",
					"promiseResolve", "destroy");
			assertThat(recorder.namesFor(recovered.asyncId())).containsExactly("init", "before", "after",
					"promiseResolve", "destroy");
			assertThat(recorder.linesFor(inner.asyncId(), composed.asyncId())).containsSubsequence(
					"promiseResolve " + inner.asyncId(), "destroy " + inner.asyncId(),
					"promiseResolve " + composed.asyncId(), "destroy " + composed.asyncId());
		}
	}

	@Test
	void promiseCancelledWhileItsFunctionRunsIsDestroyedWhenTheFunctionReturns() throws Exception {
		ExecutorService pool = pool();
		try (HookRecorder recorder = HookRecorder.start()) {
			CountDownLatch started = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			TrackedCompletableFuture<String> running = TrackedCompletableFuture.supplyAsync(() -> {
				started.countDown();
				awaitLatch(release);
				return "late";
			}, pool);
			long id = running.asyncId();
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(running.cancel(false)).isTrue();
			assertThatExceptionOfType(CancellationException.class).isThrownBy(running::join);
			assertThat(recorder.namesFor(id)).containsExactly("init", "before", "promiseResolve");
			release.countDown();
			await().atMost(TIMEOUT).until(() -> recorder.namesFor(id).contains("destroy"));
			assertThat(recorder.namesFor(id)).containsExactly("init", "before", "promiseResolve", "after", "destroy");
			Event after = recorder.events()
				.stream()
				.filter((event) -> event.asyncId() == id && event.name().equals("after"))
				.findFirst()
				.orElseThrow();
			Event destroy = recorder.events()
				.stream()
				.filter((event) -> event.asyncId() == id && event.name().equals("destroy"))
				.findFirst()
				.orElseThrow();
			assertThat(destroy.thread()).isSameAs(after.thread());
		}
	}

	@Test
	void promiseMadeBeforeAnyHookWasEnabledGetsNoDestroy() {
		TrackedCompletableFuture<Integer> early = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> earlyDependent = early.thenApply((value) -> value + 1);
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> late = early.thenApply((value) -> value + 2);
			early.complete(1);
			assertThat(earlyDependent.join()).isEqualTo(2);
			assertThat(late.join()).isEqualTo(3);
			assertThat(recorder.namesFor(early.asyncId())).containsExactly("promiseResolve");
			assertThat(recorder.namesFor(earlyDependent.asyncId())).containsExactly("before", "promiseResolve",
					"after");
			assertThat(recorder.namesFor(late.asyncId())).containsExactly("init", "before", "promiseResolve", "after",
					"destroy");
		}
	}

	@Test
	void noEventFollowsTheDestroyButADestroyedPromiseStillTriggersNewStages() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = TrackedCompletableFuture.completedFuture(1);
			source.complete(2);
			source.cancel(true);
			TrackedCompletableFuture<Integer> later = source.thenApply((value) -> value + 1);
			assertThat(later.join()).isEqualTo(2);
			assertThat(later.triggerAsyncId()).isEqualTo(source.asyncId());
			assertThat(recorder.namesFor(source.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			assertThat(recorder.namesFor(later.asyncId())).containsExactly("init", "before", "promiseResolve", "after",
					"destroy");
			recorder.assertEveryInitDestroyedOnce();
		}
	}

	@Test
	void settledPromisesAreDestroyedOnTheirThreadAndNeverAgainByTheGarbageCollector() {
		Set<Long> settled = ConcurrentHashMap.newKeySet();
		List<String> destroyThreads = new ArrayList<>();
		Set<Long> destroyedTwice = ConcurrentHashMap.newKeySet();
		Set<Long> destroyed = ConcurrentHashMap.newKeySet();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void destroy(long asyncId) {
				if (!destroyed.add(asyncId)) {
					destroyedTwice.add(asyncId);
				}
				if (settled.contains(asyncId)) {
					synchronized (destroyThreads) {
						destroyThreads.add(Thread.currentThread().getName());
					}
				}
			}

		}).enable();
		try {
			WeakReference<TrackedCompletableFuture<Integer>> last = settleAChain(settled);
			assertThat(destroyed).containsAll(settled);
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
				System.gc();
				return last.get() == null;
			});
			// the cleaner thread had its chance at every collected registration
			long controlId = abandonAPromise();
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
				System.gc();
				return destroyed.contains(controlId);
			});
			assertThat(destroyedTwice).isEmpty();
			assertThat(destroyThreads).hasSize(settled.size()).containsOnly(Thread.currentThread().getName());
		}
		finally {
			hook.disable();
		}
	}

	private static WeakReference<TrackedCompletableFuture<Integer>> settleAChain(Set<Long> ids) {
		TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> stage = source;
		ids.add(source.asyncId());
		for (int i = 0; i < 10; i++) {
			stage = stage.thenApply((value) -> value + 1);
			ids.add(stage.asyncId());
		}
		source.complete(0);
		assertThat(stage.join()).isEqualTo(10);
		return new WeakReference<>(stage);
	}

	@Test
	void neverSettledPromiseIsDestroyedByTheGarbageCollectorOnlyIfADestroyHookWasEnabledWhenItWasMade() {
		Set<Long> destroyed = ConcurrentHashMap.newKeySet();
		HookCallbacks initOnly = new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			}

		};
		AsyncHook withoutDestroy = AsyncHooks.createHook(initOnly).enable();
		long untracked = abandonAPromise();
		withoutDestroy.disable();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void destroy(long asyncId) {
				destroyed.add(asyncId);
			}

		}).enable();
		try {
			long tracked = abandonAPromise();
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
				System.gc();
				return destroyed.contains(tracked);
			});
			assertThat(destroyed).doesNotContain(untracked);
		}
		finally {
			hook.disable();
		}
	}

	private static long abandonAPromise() {
		return new TrackedCompletableFuture<>().asyncId();
	}

	@Test
	void liveRegistryHoldsOnlyThePromisesStillPending() {
		LiveResources live = new LiveResources();
		live.hook().enable();
		try {
			TrackedCompletableFuture<Integer> pending = new TrackedCompletableFuture<>();
			List<TrackedCompletableFuture<Integer>> done = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
				TrackedCompletableFuture<Integer> dependent = source.thenApply((value) -> value + 1)
					.thenCompose(TrackedCompletableFuture::completedFuture);
				source.complete(i);
				assertThat(dependent.join()).isEqualTo(i + 1);
				done.add(source);
				done.add(dependent);
			}
			TrackedCompletableFuture<Integer> waiting = pending.thenApply((value) -> value);
			for (TrackedCompletableFuture<Integer> future : done) {
				assertThat(live.resource(future.asyncId())).as(future.toString()).isEmpty();
			}
			assertThat(live.resource(pending.asyncId())).map(LiveResource::type).hasValue("PROMISE");
			assertThat(live.resource(waiting.asyncId())).map(LiveResource::triggerAsyncId).hasValue(pending.asyncId());
			pending.complete(1);
			assertThat(live.resource(pending.asyncId())).isEmpty();
			assertThat(live.resource(waiting.asyncId())).isEmpty();
		}
		finally {
			live.hook().disable();
		}
	}

	@Test
	void plainFutureOfATrackedPromiseSeesItDestroyedBeforeItRuns() {
		List<String> order = new ArrayList<>();
		TrackedCompletableFuture<Integer> future;
		try (HookRecorder recorder = HookRecorder.start()) {
			future = new TrackedCompletableFuture<>();
			long id = future.asyncId();
			CompletableFuture<Void> plain = CompletableFuture.allOf(future)
				.thenRun(() -> order.add(String.join(",", recorder.namesFor(id))));
			future.complete(1);
			plain.join();
		}
		assertThat(order).containsExactly("init,promiseResolve,destroy");
	}

	private ExecutorService pool() {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		this.executors.add(pool);
		return pool;
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
