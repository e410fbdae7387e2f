package dev.asynchooks.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The hook events of {@link TrackedCompletableFuture}: SPEC rules 13 and 15, Node rules
 * R28–R31.
 */
@Timeout(60)
class TrackedCompletableFutureTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	@Test
	void thenOnAResolvedPromiseDeliversTheEventsOfNodesTrace() {
		// t2_promise.js: new Promise((resolve) => resolve(true)).then((a) => { ... })
		try (HookRecorder recorder = HookRecorder.start()) {
			long[] inside = new long[2];
			AtomicReference<Object> resource = new AtomicReference<>();
			TrackedCompletableFuture<Boolean> p1 = TrackedCompletableFuture.completedFuture(true);
			TrackedCompletableFuture<Object> p2 = p1.thenApply((a) -> {
				inside[0] = AsyncHooks.executionAsyncId();
				inside[1] = AsyncHooks.triggerAsyncId();
				resource.set(AsyncHooks.executionAsyncResource());
				return null;
			});
			long r1 = p1.asyncId();
			long r2 = p2.asyncId();
			assertThat(recorder.lines(of(r1, r2))).containsExactly("init PROMISE " + r1 + " trigger=1 eid=1",
					"promiseResolve " + r1, "init PROMISE " + r2 + " trigger=" + r1 + " eid=1", "before " + r2,
					"promiseResolve " + r2, "after " + r2);
			assertThat(inside).containsExactly(r2, r1);
			assertThat(resource.get()).isSameAs(p2);
			assertThat(recorder.inits("PROMISE")).extracting(Event::resource).containsExactly(p1, p2);
			assertThat(r2).isGreaterThan(r1).isGreaterThan(1);
		}
	}

	@Test
	void dependentRegisteredBeforeCompletionRunsAfterThePromiseResolveOfItsSource() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> dependent = source.thenApply((value) -> value + 1);
			long s = source.asyncId();
			long d = dependent.asyncId();
			assertThat(source.complete(1)).isTrue();
			assertThat(dependent.join()).isEqualTo(2);
			assertThat(recorder.lines(of(s, d))).containsExactly("init PROMISE " + s + " trigger=1 eid=1",
					"init PROMISE " + d + " trigger=" + s + " eid=1", "promiseResolve " + s, "before " + d,
					"promiseResolve " + d, "after " + d);
			assertThat(dependent.triggerAsyncId()).isEqualTo(s);
		}
	}

	@Test
	void aChainRunsFlatInRegistrationOrderLikeMicrotasks() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> a = source.thenApply((value) -> value + 1);
			TrackedCompletableFuture<Integer> b = source.thenApply((value) -> value + 2);
			TrackedCompletableFuture<Integer> aa = a.thenApply((value) -> value * 10);
			source.complete(1);
			assertThat(List.of(a.join(), b.join(), aa.join())).containsExactly(2, 3, 20);
			long ida = a.asyncId();
			long idb = b.asyncId();
			long idaa = aa.asyncId();
			assertThat(recorder.lines(of(ida, idb, idaa).and((event) -> !event.name().equals("init")))).containsExactly(
					"before " + ida, "promiseResolve " + ida, "after " + ida, "before " + idb, "promiseResolve " + idb,
					"after " + idb, "before " + idaa, "promiseResolve " + idaa, "after " + idaa);
		}
	}

	@Test
	void promiseCompletedByHandGetsPromiseResolveButNoBeforeOrAfter() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<String> completed = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> failed = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> cancelled = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> obtruded = new TrackedCompletableFuture<>();
			assertThat(completed.complete("a")).isTrue();
			assertThat(completed.complete("b")).isFalse();
			assertThat(failed.completeExceptionally(new IllegalStateException())).isTrue();
			assertThat(cancelled.cancel(false)).isTrue();
			assertThat(cancelled.cancel(false)).isTrue();
			obtruded.obtrudeValue("a");
			obtruded.obtrudeValue("b");
			assertThat(obtruded.join()).isEqualTo("b");
			for (TrackedCompletableFuture<String> future : List.of(completed, failed, cancelled, obtruded)) {
				assertThat(recorder.namesFor(future.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			}
		}
	}

	@Test
	void dependentOfAFailedSourceIsResolvedWithoutRunningItsFunction() {
		try (HookRecorder recorder = HookRecorder.start()) {
			IllegalStateException failure = new IllegalStateException("boom");
			TrackedCompletableFuture<Integer> source = TrackedCompletableFuture.failedFuture(failure);
			List<Integer> calls = new CopyOnWriteArrayList<>();
			TrackedCompletableFuture<Integer> dependent = source.thenApply((value) -> {
				calls.add(value);
				return value;
			});
			TrackedCompletableFuture<Integer> recovered = source.exceptionally((ex) -> -1);
			TrackedCompletableFuture<Integer> recoveredAgain = dependent.exceptionally((ex) -> -2);
			assertThat(recoveredAgain.join()).isEqualTo(-2);
			assertThat(recovered.join()).isEqualTo(-1);
			assertThat(calls).isEmpty();
			assertThat(recorder.namesFor(dependent.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			assertThat(recorder.namesFor(recovered.asyncId())).containsExactly("init", "before", "promiseResolve",
					"after", "destroy");
		}
	}

	@Test
	void exceptionallyOfASuccessfulSourceRunsNoFunction() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> passed = TrackedCompletableFuture.completedFuture(1)
				.exceptionally((ex) -> -1);
			TrackedCompletableFuture<Integer> copy = passed.copy();
			assertThat(copy.join()).isEqualTo(1);
			assertThat(recorder.namesFor(passed.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			assertThat(recorder.namesFor(copy.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			assertThat(copy.triggerAsyncId()).isEqualTo(passed.asyncId());
		}
	}

	@Test
	void thenComposeIsResolvedWhenTheStageItsFunctionReturnedCompletes() {
		try (HookRecorder recorder = HookRecorder.start()) {
			AtomicReference<TrackedCompletableFuture<Integer>> inner = new AtomicReference<>();
			TrackedCompletableFuture<Integer> source = TrackedCompletableFuture.completedFuture(1);
			TrackedCompletableFuture<Integer> composed = source.thenCompose((value) -> {
				inner.set(new TrackedCompletableFuture<>());
				return inner.get();
			});
			long c = composed.asyncId();
			long i = inner.get().asyncId();
			assertThat(recorder.lines(of(c, i))).containsExactly(
					"init PROMISE " + c + " trigger=" + source.asyncId() + " eid=1", "before " + c,
					"init PROMISE " + i + " trigger=" + c + " eid=" + c, "after " + c);
			inner.get().complete(5);
			assertThat(composed.join()).isEqualTo(5);
			assertThat(recorder.lines(of(c, i))).endsWith("after " + c, "promiseResolve " + i, "promiseResolve " + c);
		}
	}

	@Test
	void supplyAsyncRunsTheSupplierInsideTheReturnedPromiseOnTheExecutor() {
		ExecutorService pool = pool(2);
		try (HookRecorder recorder = HookRecorder.start()) {
			AsyncResource caller = new AsyncResource("CALLER");
			List<Object> inside = new CopyOnWriteArrayList<>();
			TrackedCompletableFuture<String> promise = caller
				.runInAsyncScope(() -> TrackedCompletableFuture.supplyAsync(() -> {
					inside.add(AsyncHooks.executionAsyncId());
					inside.add(AsyncHooks.triggerAsyncId());
					inside.add(AsyncHooks.executionAsyncResource());
					inside.add(Thread.currentThread());
					return "done";
				}, pool));
			assertThat(promise.join()).isEqualTo("done");
			long p = promise.asyncId();
			await().atMost(TIMEOUT).until(() -> recorder.namesFor(p).contains("after"));
			assertThat(recorder.lines(of(p))).containsExactly(
					"init PROMISE " + p + " trigger=" + caller.asyncId() + " eid=" + caller.asyncId(), "before " + p,
					"promiseResolve " + p, "after " + p);
			assertThat(inside).containsExactly(p, caller.asyncId(), promise, inside.get(3));
			assertThat(inside.get(3)).isNotSameAs(Thread.currentThread());
			assertThat(recorder.events()).filteredOn(of(p).and((event) -> !event.name().equals("init")))
				.extracting(Event::thread)
				.containsOnly((Thread) inside.get(3));
			caller.emitDestroy();
		}
	}

	@Test
	void triggersFollowTheChainThroughComposeHandleAndAsyncFormsOnAThreadPool() throws Exception {
		ExecutorService pool = pool(4);
		try (HookRecorder recorder = HookRecorder.start()) {
			Map<String, long[]> seen = new ConcurrentHashMap<>();
			AtomicReference<TrackedCompletableFuture<Integer>> inner = new AtomicReference<>();
			TrackedCompletableFuture<Integer> supplied = TrackedCompletableFuture.supplyAsync(() -> {
				seen.put("supplied", context());
				return 1;
			}, pool);
			TrackedCompletableFuture<Integer> composed = supplied.thenComposeAsync((value) -> {
				seen.put("composed", context());
				inner.set(TrackedCompletableFuture.supplyAsync(() -> {
					seen.put("inner", context());
					return value + 1;
				}, pool));
				return inner.get();
			}, pool);
			TrackedCompletableFuture<Integer> handled = composed.handleAsync((value, ex) -> {
				seen.put("handled", context());
				return value * 10;
			}, pool);
			TrackedCompletableFuture<Integer> watched = handled
				.whenCompleteAsync((value, ex) -> seen.put("watched", context()));
			TrackedCompletableFuture<Integer> applied = watched.thenApply((value) -> {
				seen.put("applied", context());
				return value + 1;
			});
			assertThat(applied.get(10, TimeUnit.SECONDS)).isEqualTo(21);
			Map<String, TrackedCompletableFuture<?>> promises = Map.of("supplied", supplied, "composed", composed,
					"inner", inner.get(), "handled", handled, "watched", watched, "applied", applied);
			assertThat(supplied.triggerAsyncId()).isEqualTo(1);
			assertThat(composed.triggerAsyncId()).isEqualTo(supplied.asyncId());
			assertThat(inner.get().triggerAsyncId()).isEqualTo(composed.asyncId());
			assertThat(handled.triggerAsyncId()).isEqualTo(composed.asyncId());
			assertThat(watched.triggerAsyncId()).isEqualTo(handled.asyncId());
			assertThat(applied.triggerAsyncId()).isEqualTo(watched.asyncId());
			promises.forEach((name, promise) -> assertThat(seen.get(name)).as(name)
				.containsExactly(promise.asyncId(), promise.triggerAsyncId()));
			long[] ids = promises.values().stream().mapToLong(TrackedCompletableFuture::asyncId).toArray();
			await().atMost(TIMEOUT).until(() -> LongStream.of(ids).allMatch((id) -> recorder.namesFor(id).size() == 5));
			for (TrackedCompletableFuture<?> promise : promises.values()) {
				assertThat(recorder.namesFor(promise.asyncId())).as(promise.toString())
					.containsExactly("init", "before", (promise == composed) ? "after" : "promiseResolve",
							(promise == composed) ? "promiseResolve" : "after", "destroy");
			}
		}
	}

	@Test
	void twoSourceStagesAreTriggeredByTheStageTheyAreCalledOn() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> receiver = TrackedCompletableFuture.completedFuture(1);
			TrackedCompletableFuture<Integer> other = TrackedCompletableFuture.completedFuture(2);
			List<TrackedCompletableFuture<?>> stages = List.of(receiver.thenCombine(other, Integer::sum),
					receiver.thenAcceptBoth(other, (a, b) -> {
					}), receiver.runAfterBoth(other, () -> {
					}), receiver.applyToEither(other, (value) -> value), receiver.acceptEither(other, (value) -> {
					}), receiver.runAfterEither(other, () -> {
					}));
			for (TrackedCompletableFuture<?> stage : stages) {
				assertThat(stage.triggerAsyncId()).isEqualTo(receiver.asyncId());
				assertThat(recorder.namesFor(stage.asyncId())).containsExactly("init", "before", "promiseResolve",
						"after", "destroy");
			}
		}
	}

	@Test
	void promiseResolveIsDeliveredExactlyOnceWhenThreadsRaceToComplete() throws Exception {
		int racers = 8;
		int rounds = 300;
		ExecutorService pool = pool(racers);
		try (HookRecorder recorder = HookRecorder.start()) {
			List<TrackedCompletableFuture<Integer>> futures = new ArrayList<>();
			List<TrackedCompletableFuture<Integer>> dependents = new ArrayList<>();
			for (int i = 0; i < rounds; i++) {
				TrackedCompletableFuture<Integer> future = new TrackedCompletableFuture<>();
				futures.add(future);
				dependents.add(future.handle((value, ex) -> (ex != null) ? -1 : value));
			}
			// two racers give each future a supplier: as with CompletableFuture, each
			// supplier whose task starts before the future is complete runs
			AtomicIntegerArray suppliersRun = new AtomicIntegerArray(rounds);
			CyclicBarrier barrier = new CyclicBarrier(racers);
			List<CompletableFuture<?>> racing = new ArrayList<>();
			for (int racer = 0; racer < racers; racer++) {
				int id = racer;
				racing.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < rounds; i++) {
						TrackedCompletableFuture<Integer> future = futures.get(i);
						int round = i;
						awaitAll(barrier);
						switch (id % 4) {
							case 0 -> future.complete(id);
							case 1 -> future.completeExceptionally(new IllegalStateException());
							case 2 -> future.cancel(false);
							default -> future.completeAsync(() -> {
								suppliersRun.incrementAndGet(round);
								return id;
							}, Runnable::run);
						}
					}
				}, pool));
			}
			racing.forEach(CompletableFuture::join);
			for (int i = 0; i < rounds; i++) {
				TrackedCompletableFuture<Integer> future = futures.get(i);
				List<String> names = recorder.namesFor(future.asyncId());
				assertThat(names).containsOnlyOnce("init", "promiseResolve");
				// one before/after pair per run of a function of the promise, on one
				// thread, and none more
				int runs = suppliersRun.get(i);
				assertThat(names.stream().filter("before"::equals)).hasSize(runs);
				assertThat(names.stream().filter("after"::equals)).hasSize(runs);
				assertPairedOnEachThread(recorder, future.asyncId());
				if (runs <= 1) {
					assertThat(names).doesNotHaveDuplicates();
				}
				long d = dependents.get(i).asyncId();
				List<String> lines = recorder.lines(of(future.asyncId(), d));
				assertThat(lines.indexOf("promiseResolve " + future.asyncId()))
					.isLessThan(lines.indexOf("before " + d));
				assertThat(recorder.namesFor(d)).containsExactly("init", "before", "promiseResolve", "after",
						"destroy");
				Integer expected = future.isCompletedExceptionally() ? -1 : future.join();
				assertThat(dependents.get(i).join()).isEqualTo(expected);
			}
		}
	}

	/**
	 * {@code CompletableFuture} runs every supplier given to {@code completeAsync} whose
	 * task starts before the future is complete, and the first to return wins (a hedged
	 * request). A tracked promise keeps that: each supplier runs in the promise's scope,
	 * one {@code before}/{@code after} pair per supplier, and only the winner delivers
	 * {@code promiseResolve}.
	 */
	@Test
	void everySupplierThatCompleteAsyncRunsIsABeforeAfterPairOfThePromise() throws Exception {
		ExecutorService pool = pool(2);
		assertThat(raceTwoSuppliers(new CompletableFuture<>(), pool)).containsExactly("slow", "fast", "fast");
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
			assertThat(raceTwoSuppliers(future, pool)).containsExactly("slow", "fast", "fast");
			await().atMost(TIMEOUT).until(() -> recorder.namesFor(future.asyncId()).size() == 7);
			// destroy once settled and both suppliers have returned (rule 13a)
			assertThat(recorder.namesFor(future.asyncId())).containsExactly("init", "before", "before",
					"promiseResolve", "after", "after", "destroy");
			assertPairedOnEachThread(recorder, future.asyncId());
		}
	}

	/**
	 * Give the future a slow supplier, then, once it runs, a fast one.
	 * @return the suppliers in the order they started, then the value of the future
	 */
	private static List<String> raceTwoSuppliers(CompletableFuture<String> future, ExecutorService pool)
			throws InterruptedException {
		List<String> started = new CopyOnWriteArrayList<>();
		CountDownLatch slowStarted = new CountDownLatch(1);
		CountDownLatch releaseSlow = new CountDownLatch(1);
		CompletableFuture<String> slowReturned = new CompletableFuture<>();
		future.completeAsync(() -> {
			started.add("slow");
			slowStarted.countDown();
			try {
				releaseSlow.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			slowReturned.complete("slow");
			return "slow";
		}, pool);
		assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
		future.completeAsync(() -> {
			started.add("fast");
			return "fast";
		}, pool);
		String value = future.join();
		releaseSlow.countDown();
		slowReturned.join();
		List<String> result = new ArrayList<>(started);
		result.add(value);
		return result;
	}

	@Test
	void onlyOneRacerWinsTheCompletion() throws Exception {
		int racers = 8;
		ExecutorService pool = pool(racers);
		for (int round = 0; round < 200; round++) {
			TrackedCompletableFuture<Integer> future = new TrackedCompletableFuture<>();
			CyclicBarrier barrier = new CyclicBarrier(racers);
			List<CompletableFuture<Boolean>> results = new ArrayList<>();
			for (int racer = 0; racer < racers; racer++) {
				int value = racer;
				results.add(CompletableFuture.supplyAsync(() -> {
					awaitAll(barrier);
					return future.complete(value);
				}, pool));
			}
			assertThat(results.stream().map(CompletableFuture::join).filter((won) -> won)).hasSize(1);
			assertThat(results.get(future.join()).join()).isTrue();
		}
	}

	@Test
	void destroyIsDeliveredWhenAPromiseIsGarbageCollected() {
		Set<Long> inits = ConcurrentHashMap.newKeySet();
		Set<Long> destroyed = ConcurrentHashMap.newKeySet();
		// keeps no reference to the resources, unlike HookRecorder
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("PROMISE")) {
					inits.add(asyncId);
				}
			}

			@Override
			public void destroy(long asyncId) {
				destroyed.add(asyncId);
			}

		}).enable();
		try {
			List<Long> ids = createAndDropAChain();
			assertThat(inits).containsAll(ids);
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
				System.gc();
				return destroyed.containsAll(ids);
			});
		}
		finally {
			hook.disable();
		}
	}

	private static List<Long> createAndDropAChain() {
		TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> dependent = source.thenApply((value) -> value + 1);
		TrackedCompletableFuture<Integer> never = new TrackedCompletableFuture<>();
		source.complete(1);
		assertThat(dependent.join()).isEqualTo(2);
		return List.of(source.asyncId(), dependent.asyncId(), never.asyncId());
	}

	@Test
	void withoutHooksNothingIsDeliveredButDependentsStillRunInTheirScope() {
		TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
		long[] inside = new long[2];
		TrackedCompletableFuture<Integer> dependent = source.thenApply((value) -> {
			inside[0] = AsyncHooks.executionAsyncId();
			inside[1] = AsyncHooks.triggerAsyncId();
			return value;
		});
		try (HookRecorder recorder = HookRecorder.start()) {
			source.complete(1);
			// R35: a reaction scheduled before the hook was enabled still gets
			// before/after
			assertThat(recorder.namesFor(source.asyncId())).containsExactly("promiseResolve");
			assertThat(recorder.namesFor(dependent.asyncId())).containsExactly("before", "promiseResolve", "after");
		}
		assertThat(inside).containsExactly(dependent.asyncId(), source.asyncId());
		TrackedCompletableFuture<Integer> later = TrackedCompletableFuture.completedFuture(2).thenApply((value) -> {
			inside[0] = AsyncHooks.executionAsyncId();
			return value;
		});
		assertThat(inside[0]).isEqualTo(later.asyncId());
	}

	@Test
	void promisesCreatedInsideAHookCallbackAreInvisibleToHooks() {
		AtomicReference<TrackedCompletableFuture<Integer>> created = new AtomicReference<>();
		AsyncHook creator = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("TRIGGER")) {
					created.set(new TrackedCompletableFuture<>());
				}
			}

		}).enable();
		try (HookRecorder recorder = HookRecorder.start()) {
			new AsyncResource("TRIGGER").emitDestroy();
			TrackedCompletableFuture<Integer> hidden = created.get();
			TrackedCompletableFuture<Integer> dependent = hidden.thenApply((value) -> value + 1);
			hidden.complete(1);
			assertThat(dependent.join()).isEqualTo(2);
			assertThat(recorder.namesFor(hidden.asyncId())).isEmpty();
			// visibility follows where a resource is created: the dependent was made here
			assertThat(recorder.inits("PROMISE")).extracting(Event::resource, Event::triggerAsyncId)
				.containsExactly(tuple(dependent, hidden.asyncId()));
			assertThat(recorder.namesFor(dependent.asyncId())).containsExactly("init", "before", "promiseResolve",
					"after", "destroy");
		}
		finally {
			creator.disable();
		}
	}

	@Test
	void promiseResolveOfADependentIsDeliveredInsideItsScope() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> dependent = source.thenApply((value) -> value);
			source.complete(1);
			assertThat(recorder.events()).filteredOn((event) -> event.name().equals("promiseResolve"))
				.extracting(Event::asyncId, Event::executionAsyncId)
				.containsExactly(tuple(source.asyncId(), 1L), tuple(dependent.asyncId(), dependent.asyncId()));
		}
	}

	@Test
	void timeoutsResolveThePromiseWithoutMakingOtherPromises() throws Exception {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> timedOut = new TrackedCompletableFuture<Integer>().orTimeout(10,
					TimeUnit.MILLISECONDS);
			TrackedCompletableFuture<Integer> defaulted = new TrackedCompletableFuture<Integer>().completeOnTimeout(7,
					10, TimeUnit.MILLISECONDS);
			TrackedCompletableFuture<Throwable> seen = timedOut.handle((value, ex) -> ex);
			assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
			assertThat(defaulted.get(10, TimeUnit.SECONDS)).isEqualTo(7);
			TrackedCompletableFuture<Integer> early = new TrackedCompletableFuture<Integer>().orTimeout(1,
					TimeUnit.HOURS);
			early.complete(1);
			assertThat(early.join()).isEqualTo(1);
			assertThat(recorder.inits("PROMISE")).extracting(Event::resource)
				.containsExactly(timedOut, defaulted, seen, early);
			await().atMost(TIMEOUT).until(() -> recorder.namesFor(seen.asyncId()).contains("after"));
			assertThat(recorder.namesFor(timedOut.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			assertThat(recorder.namesFor(defaulted.asyncId())).containsExactly("init", "promiseResolve", "destroy");
		}
	}

	@Test
	void newIncompleteFutureIsAPromiseTriggeredByThisOne() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> made = source.newIncompleteFuture();
			assertThat(made.triggerAsyncId()).isEqualTo(source.asyncId());
			made.complete("x");
			assertThat(recorder.namesFor(made.asyncId())).containsExactly("init", "promiseResolve", "destroy");
		}
	}

	@Test
	void futuresTheJdkCompletesItselfStillRunTheirTrackedDependents() throws Exception {
		ExecutorService pool = pool(2);
		try (HookRecorder recorder = HookRecorder.start()) {
			// CompletableFuture.anyOf(one) and plain.applyToEither(done, fn) make the
			// result with newIncompleteFuture() of the tracked argument and complete it
			// internally
			TrackedCompletableFuture<Integer> pending = new TrackedCompletableFuture<>();
			CompletableFuture<Object> anyOfPending = CompletableFuture.anyOf(pending);
			TrackedCompletableFuture<Integer> done = TrackedCompletableFuture.completedFuture(1);
			CompletableFuture<Object> anyOfDone = CompletableFuture.anyOf(done);
			CompletableFuture<Integer> eitherAsync = new CompletableFuture<Integer>().applyToEitherAsync(done,
					(value) -> value + 1, pool);
			assertThat(List.of(anyOfPending, anyOfDone, eitherAsync))
				.allMatch(TrackedCompletableFuture.class::isInstance);
			CompletableFuture<Object> afterPending = anyOfPending.thenApply((value) -> "pending " + value);
			CompletableFuture<Object> afterDone = anyOfDone.thenApply((value) -> "done " + value);
			CompletableFuture<Object> afterEither = eitherAsync.thenApply((value) -> "either " + value);
			pending.complete(3);
			assertThat(afterPending.get(10, TimeUnit.SECONDS)).isEqualTo("pending 3");
			assertThat(afterDone.get(10, TimeUnit.SECONDS)).isEqualTo("done 1");
			assertThat(afterEither.get(10, TimeUnit.SECONDS)).isEqualTo("either 2");
			for (CompletableFuture<?> future : List.of(anyOfPending, anyOfDone, eitherAsync)) {
				long id = ((TrackedCompletableFuture<?>) future).asyncId();
				await().atMost(TIMEOUT).until(() -> recorder.namesFor(id).contains("destroy"));
				assertThat(recorder.namesFor(id)).containsExactly("init", "promiseResolve", "destroy");
			}
		}
	}

	@Test
	void rejectedExecutionCompletesTheDependentWithoutRunningIt() {
		ExecutorService closed = pool(1);
		closed.shutdown();
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> later = source.thenApplyAsync((value) -> value, closed);
			source.complete(1);
			TrackedCompletableFuture<Integer> now = source.thenApplyAsync((value) -> value, closed);
			for (TrackedCompletableFuture<Integer> dependent : List.of(later, now)) {
				assertThatExceptionOfType(CompletionException.class).isThrownBy(dependent::join)
					.withCauseInstanceOf(RejectedExecutionException.class);
				assertThat(recorder.namesFor(dependent.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			}
			assertThatExceptionOfType(RejectedExecutionException.class)
				.isThrownBy(() -> TrackedCompletableFuture.supplyAsync(() -> 1, closed));
		}
	}

	@Test
	void aLongChainRunsWithoutDeepeningTheStack() {
		TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> last = source;
		for (int i = 0; i < 100_000; i++) {
			last = last.thenApply((value) -> value + 1);
		}
		source.complete(0);
		assertThat(last.join()).isEqualTo(100_000);
	}

	@Test
	void completingASourceInsideAFunctionRunsItsDependentsBeforeReturning() {
		TrackedCompletableFuture<Integer> first = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> second = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> chained = second.thenApply((value) -> value + 1)
			.thenApply((value) -> value * 2);
		TrackedCompletableFuture<Integer> result = first.thenApply((value) -> {
			second.complete(value);
			return chained.getNow(-1);
		});
		first.complete(1);
		assertThat(result.join()).isEqualTo(4);
	}

	@Test
	void completingAPlainSourceInsideAFunctionRunsTrackedDependentsBeforeReturning() {
		TrackedCompletableFuture<Integer> first = new TrackedCompletableFuture<>();
		CompletableFuture<Integer> plain = new CompletableFuture<>();
		TrackedCompletableFuture<Integer> combined = TrackedCompletableFuture.completedFuture(10)
			.thenCombine(plain, Integer::sum)
			.thenApply((value) -> value * 2);
		TrackedCompletableFuture<Integer> result = first.thenApply((value) -> {
			plain.complete(value);
			return combined.getNow(-1);
		});
		first.complete(1);
		assertThat(result.join()).isEqualTo(22);
	}

	@Test
	void promiseResolveComesBeforePlainFuturesAndWaitersThatDependOnThisOne() throws Exception {
		List<String> order = new CopyOnWriteArrayList<>();
		TrackedCompletableFuture<Integer> future = new TrackedCompletableFuture<>();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void promiseResolve(long asyncId) {
				if (asyncId == future.asyncId()) {
					order.add("promiseResolve");
				}
			}

		}).enable();
		try {
			CompletableFuture<Void> plain = CompletableFuture.allOf(future).thenRun(() -> order.add("plain dependent"));
			AtomicReference<Thread> waiting = new AtomicReference<>();
			CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
				waiting.set(Thread.currentThread());
				future.join();
				order.add("waiter");
			}, pool(1));
			await().atMost(TIMEOUT)
				.until(() -> waiting.get() != null && waiting.get().getState() == Thread.State.WAITING);
			future.complete(1);
			waiter.get(10, TimeUnit.SECONDS);
			plain.get(10, TimeUnit.SECONDS);
			assertThat(order).hasSize(3).startsWith("promiseResolve");
		}
		finally {
			hook.disable();
		}
	}

	@Test
	void ofReturnsATrackedStageItselfAndTracksAForeignOne() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Integer> tracked = new TrackedCompletableFuture<>();
			assertThat(TrackedCompletableFuture.of(tracked)).isSameAs(tracked);
			AsyncResource caller = new AsyncResource("CALLER");
			CompletableFuture<Integer> foreign = new CompletableFuture<>();
			TrackedCompletableFuture<Integer> ofForeign = caller
				.runInAsyncScope(() -> TrackedCompletableFuture.of(foreign));
			TrackedCompletableFuture<Integer> dependent = ofForeign.thenApply((value) -> value + 1);
			assertThat(ofForeign.triggerAsyncId()).isEqualTo(caller.asyncId());
			assertThat(recorder.namesFor(ofForeign.asyncId())).containsExactly("init");
			foreign.complete(1);
			assertThat(dependent.join()).isEqualTo(2);
			assertThat(recorder.namesFor(ofForeign.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			IllegalStateException failure = new IllegalStateException();
			TrackedCompletableFuture<Object> failed = TrackedCompletableFuture
				.of(CompletableFuture.failedStage(failure));
			assertThat(failed.handle((value, ex) -> ex).join()).isSameAs(failure);
			caller.emitDestroy();
		}
	}

	@Test
	void ofWithATriggerTracksAForeignStageOnBehalfOfAnotherResource() {
		try (HookRecorder recorder = HookRecorder.start()) {
			AsyncResource owner = new AsyncResource("OWNER");
			CompletableFuture<Integer> foreign = new CompletableFuture<>();
			TrackedCompletableFuture<Integer> promise = TrackedCompletableFuture.of(foreign, owner.asyncId());
			assertThat(promise.triggerAsyncId()).isEqualTo(owner.asyncId());
			assertThat(recorder.lines(of(promise.asyncId())))
				.containsExactly("init PROMISE " + promise.asyncId() + " trigger=" + owner.asyncId() + " eid=1");
			foreign.complete(3);
			assertThat(promise.join()).isEqualTo(3);
			assertThat(recorder.namesFor(promise.asyncId())).containsExactly("init", "promiseResolve", "destroy");
			TrackedCompletableFuture<Integer> tracked = new TrackedCompletableFuture<>();
			assertThat(TrackedCompletableFuture.of(tracked, owner.asyncId())).isSameAs(tracked);
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> TrackedCompletableFuture.of(foreign, -1));
			owner.emitDestroy();
		}
	}

	@Test
	void invariantsHoldForManyChainsOnAThreadPool() throws Exception {
		ExecutorService pool = pool(8);
		try (HookRecorder recorder = HookRecorder.start()) {
			List<TrackedCompletableFuture<?>[]> links = new ArrayList<>();
			List<TrackedCompletableFuture<Integer>> ends = new ArrayList<>();
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < 300; i++) {
				TrackedCompletableFuture<Integer> source = TrackedCompletableFuture.supplyAsync(() -> {
					if (ThreadLocalRandom.current().nextInt(4) == 0) {
						throw new IllegalStateException("random");
					}
					return 1;
				}, pool);
				TrackedCompletableFuture<Integer> step = switch (random.nextInt(4)) {
					case 0 -> source.thenApplyAsync((value) -> value + 1, pool);
					case 1 -> source.thenCompose((value) -> TrackedCompletableFuture.supplyAsync(() -> value, pool));
					case 2 -> source.thenCombineAsync(TrackedCompletableFuture.supplyAsync(() -> 2, pool), Integer::sum,
							pool);
					default -> source.thenApply((value) -> value * 2);
				};
				if (random.nextInt(5) == 0) {
					step.cancel(false);
				}
				TrackedCompletableFuture<Integer> end = step.handleAsync((value, ex) -> (ex != null) ? -1 : value,
						pool);
				links.add(new TrackedCompletableFuture<?>[] { source, step });
				links.add(new TrackedCompletableFuture<?>[] { step, end });
				ends.add(end);
			}
			TrackedCompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			Set<Long> ids = recorder.inits("PROMISE").stream().map(Event::asyncId).collect(Collectors.toSet());
			await().atMost(TIMEOUT).until(() -> ids.stream().allMatch((id) -> {
				List<String> names = recorder.namesFor(id);
				return names.contains("destroy");
			}));
			// destroy last in every shape: after the settlement and after the function
			// (rule 13a)
			List<List<String>> shapes = List.of(List.of("init", "promiseResolve", "destroy"),
					List.of("init", "before", "promiseResolve", "after", "destroy"),
					List.of("init", "before", "after", "promiseResolve", "destroy"),
					// cancelled while its function was starting
					List.of("init", "promiseResolve", "before", "after", "destroy"));
			for (long id : ids) {
				assertThat(shapes).as("events of %d", id).contains(recorder.namesFor(id));
			}
			List<Event> events = recorder.events();
			for (TrackedCompletableFuture<?>[] link : links) {
				assertThat(link[1].triggerAsyncId()).isEqualTo(link[0].asyncId());
				int before = indexOf(events, "before", link[1].asyncId());
				if (before >= 0) {
					assertThat(indexOf(events, "promiseResolve", link[0].asyncId())).isLessThan(before);
				}
			}
		}
	}

	private static int indexOf(List<Event> events, String name, long asyncId) {
		for (int i = 0; i < events.size(); i++) {
			if (events.get(i).name().equals(name) && events.get(i).asyncId() == asyncId) {
				return i;
			}
		}
		return -1;
	}

	private static long[] context() {
		return new long[] { AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId() };
	}

	private static void assertPairedOnEachThread(HookRecorder recorder, long asyncId) {
		Map<Thread, List<String>> byThread = recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == asyncId)
			.filter((event) -> event.name().equals("before") || event.name().equals("after"))
			.collect(Collectors.groupingBy(Event::thread, Collectors.mapping(Event::name, Collectors.toList())));
		byThread.forEach((thread, names) -> {
			List<String> pairs = new ArrayList<>();
			for (int i = 0; i < names.size() / 2; i++) {
				pairs.add("before");
				pairs.add("after");
			}
			assertThat(names).as(thread.getName()).isEqualTo(pairs);
		});
	}

	private static void awaitAll(CyclicBarrier barrier) {
		try {
			barrier.await(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Predicate<Event> of(long... asyncIds) {
		Set<Long> ids = LongStream.of(asyncIds).boxed().collect(Collectors.toSet());
		return (event) -> ids.contains(event.asyncId()) && !event.name().equals("destroy");
	}

	private ExecutorService pool(int threads) {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		this.engine.shutDownAfter(pool);
		return pool;
	}

	@Test
	void anInitHookCanPrintTheFutureItIsGiven() {
		List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("PROMISE")) {
					printed.add(resource.toString());
				}
			}
		}).enable();
		try {
			TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
			assertThat(printed).singleElement().asString().contains("PROMISE " + future.asyncId() + ", Not completed");
			assertThat(future.toString()).contains("PROMISE " + future.asyncId() + ", Not completed");
		}
		finally {
			hook.disable();
		}
	}

	@Test
	void anInitHookCanAskTheFutureItIsGivenForItsIds() {
		List<List<Long>> seen = new CopyOnWriteArrayList<>();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (resource instanceof TrackedCompletableFuture<?> future) {
					seen.add(List.of(asyncId, future.asyncId(), triggerAsyncId, future.triggerAsyncId()));
				}
			}
		}).enable();
		try {
			TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Integer> dependent = future.thenApply(String::length);
			TrackedCompletableFuture<String> minimal = TrackedCompletableFuture.completedStage("x");
			assertThat(seen).containsExactly(List.of(future.asyncId(), future.asyncId(), 1L, 1L),
					List.of(dependent.asyncId(), dependent.asyncId(), future.asyncId(), future.asyncId()),
					List.of(minimal.asyncId(), minimal.asyncId(), 1L, 1L));
		}
		finally {
			hook.disable();
		}
	}

}
