package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static dev.asynchooks.concurrent.RecordedTasks.event;
import static dev.asynchooks.concurrent.RecordedTasks.idOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static dev.asynchooks.concurrent.RecordedTasks.awaitFast;

/**
 * {@link AsyncExecutors} around executors and executor services: each task is one
 * {@code EXECUTOR_TASK}.
 */
class AsyncExecutorsTests {

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(new HookRecorder());

	private ExecutorService singleThread() {
		return AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newSingleThreadExecutor()));
	}

	private void start() {
		this.recorder.hook().enable();
	}

	@Test
	void executeDeliversInitOnTheSubmitterAndBeforeAfterDestroyOnTheWorker() {
		ExecutorService executor = singleThread();
		start();
		AtomicLong seenId = new AtomicLong();
		AtomicLong seenTrigger = new AtomicLong();
		AtomicReference<Object> seenResource = new AtomicReference<>();
		AtomicReference<Thread> worker = new AtomicReference<>();
		AsyncResource outer = new AsyncResource("OUTER");
		outer.runInAsyncScope(() -> executor.execute(() -> {
			seenId.set(AsyncHooks.executionAsyncId());
			seenTrigger.set(AsyncHooks.triggerAsyncId());
			seenResource.set(AsyncHooks.executionAsyncResource());
			worker.set(Thread.currentThread());
		}));
		Event init = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0);
		long id = init.asyncId();
		awaitDestroy(this.recorder, id);
		long outerId = outer.asyncId();
		assertThat(this.recorder.lines((event) -> event.asyncId() == id)).containsExactly(
				"init EXECUTOR_TASK " + id + " trigger=" + outerId + " eid=" + outerId, "before " + id, "after " + id,
				"destroy " + id);
		assertThat(seenId).hasValue(id);
		assertThat(seenTrigger).hasValue(outerId);
		assertThat(seenResource).hasValue(init.resource());
		assertThat(init.thread()).isSameAs(Thread.currentThread());
		assertThat(event(this.recorder, id, "before").thread()).isSameAs(worker.get());
		assertThat(event(this.recorder, id, "before").executionAsyncId()).isEqualTo(id);
		assertThat(event(this.recorder, id, "after").thread()).isSameAs(worker.get());
		assertThat(event(this.recorder, id, "after").executionAsyncId()).isEqualTo(id);
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(worker.get());
		assertThat(event(this.recorder, id, "destroy").executionAsyncId()).as("destroy comes after the frame is left")
			.isEqualTo(1);
		outer.emitDestroy();
	}

	@Test
	void submittedCallableRunsInsideTheFutureItReturns() throws Exception {
		ExecutorService executor = singleThread();
		start();
		Future<Object> future = executor.submit(AsyncHooks::executionAsyncResource);
		assertThat(future.get()).isSameAs(future);
		long id = idOf(this.recorder, future);
		assertThat(future).isInstanceOf(AsyncResource.class);
		assertThat(((AsyncResource) future).asyncId()).isEqualTo(id);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.lines((event) -> event.asyncId() == id)).containsExactly(
				"init EXECUTOR_TASK " + id + " trigger=1 eid=1", "before " + id, "after " + id, "destroy " + id);
	}

	@Test
	void submittedRunnableReturnsTheGivenResult() throws Exception {
		ExecutorService executor = singleThread();
		start();
		AtomicLong seenId = new AtomicLong();
		Future<String> withResult = executor.submit(() -> seenId.set(AsyncHooks.executionAsyncId()), "done");
		assertThat(withResult.get()).isEqualTo("done");
		assertThat(seenId).hasValue(idOf(this.recorder, withResult));
		Future<?> withoutResult = executor.submit(() -> seenId.set(AsyncHooks.executionAsyncId()));
		assertThat(withoutResult.get()).isNull();
		long id = idOf(this.recorder, withoutResult);
		assertThat(seenId).hasValue(id);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void cancelBeforeTheRunDestroysInsideCancelOnTheCancellingThread() throws Exception {
		ExecutorService executor = singleThread();
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> awaitQuietly(release));
		start();
		AtomicLong runs = new AtomicLong();
		Future<?> future = executor.submit(() -> {
			runs.incrementAndGet();
		});
		long id = idOf(this.recorder, future);
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		assertThat(future.cancel(false)).isFalse();
		release.countDown();
		Future<?> next = executor.submit(() -> {
		});
		next.get();
		awaitDestroy(this.recorder, idOf(this.recorder, next));
		assertThat(this.recorder.namesFor(id)).as("the worker skipped the cancelled task")
			.containsExactly("init", "destroy");
		assertThat(runs).hasValue(0);
		assertThatExceptionOfType(CancellationException.class).isThrownBy(future::get);
	}

	@Test
	void cancelDuringTheRunDestroysAfterThatRunsAfter() throws Exception {
		ExecutorService executor = singleThread();
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<?> future = executor.submit(() -> {
			started.countDown();
			awaitQuietly(release);
		});
		long id = idOf(this.recorder, future);
		started.await();
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before");
		release.countDown();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(event(this.recorder, id, "after").thread())
			.isNotSameAs(Thread.currentThread());
	}

	@Test
	void cancelWithInterruptEndsTheRunAndDestroysAfterIt() throws Exception {
		ExecutorService executor = singleThread();
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		Future<?> future = executor.submit(() -> {
			started.countDown();
			never.await();
			return null;
		});
		long id = idOf(this.recorder, future);
		started.await();
		assertThat(future.cancel(true)).isTrue();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void rejectedTaskIsDestroyedAndTheExceptionReachesTheCaller() {
		ThreadPoolExecutor raw = this.engine.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.AbortPolicy()));
		ExecutorService executor = AsyncExecutors.wrap(raw);
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> awaitQuietly(release));
		executor.execute(() -> {
		});
		start();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute(() -> {
		}));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.submit(() -> "x"));
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(2);
		for (Event init : inits) {
			assertThat(this.recorder.namesFor(init.asyncId())).containsExactly("init", "destroy");
			assertThat(event(this.recorder, init.asyncId(), "destroy").thread()).isSameAs(Thread.currentThread());
		}
		release.countDown();
	}

	@Test
	void taskSubmittedAfterShutdownIsRejectedAndDestroyed() {
		ExecutorService executor = singleThread();
		executor.shutdown();
		start();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.submit(() -> {
		}));
		long id = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0).asyncId();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
	}

	@Test
	void shutdownNowDestroysEveryTaskItReturnsAndReturnsTheUsersTasks() throws Exception {
		ExecutorService executor = singleThread();
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		Future<?> running = executor.submit(() -> {
			started.countDown();
			never.await();
			return null;
		});
		started.await();
		Runnable executed = () -> {
		};
		executor.execute(executed);
		long executedId = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(1).asyncId();
		Future<String> submitted = executor.submit(() -> "ran " + AsyncHooks.executionAsyncId());
		long submittedId = idOf(this.recorder, submitted);
		List<Runnable> unrun = executor.shutdownNow();
		assertThat(unrun).containsExactly(executed, (Runnable) submitted);
		for (long id : new long[] { executedId, submittedId }) {
			assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
			assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		}
		long runningId = idOf(this.recorder, running);
		awaitDestroy(this.recorder, runningId);
		assertThat(this.recorder.namesFor(runningId)).containsExactly("init", "before", "after", "destroy");
		// a drained future can still be run by whoever holds it: as unwrapped, no events
		unrun.get(1).run();
		assertThat(submitted.get()).isEqualTo("ran 1");
		assertThat(this.recorder.namesFor(submittedId)).containsExactly("init", "destroy");
	}

	@Test
	void throwingSubmittedTaskGetsAfterAndDestroyAndItsExceptionReachesTheFuture() {
		ExecutorService executor = singleThread();
		start();
		IllegalStateException failure = new IllegalStateException("boom");
		Future<?> future = executor.submit(() -> {
			throw failure;
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get).withCause(failure);
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void throwingExecutedTaskIsDestroyedBeforeTheUncaughtExceptionHandlerSeesItsException() {
		AtomicReference<Throwable> handled = new AtomicReference<>();
		AtomicReference<List<String>> eventsWhenHandled = new AtomicReference<>();
		AtomicLong executionIdWhenHandled = new AtomicLong();
		ExecutorService executor = AsyncExecutors
			.wrap(this.engine.shutDownAfter(Executors.newSingleThreadExecutor((task) -> {
				Thread thread = new Thread(task);
				thread.setUncaughtExceptionHandler((t, ex) -> {
					eventsWhenHandled.set(this.recorder.lines((event) -> true));
					executionIdWhenHandled.set(AsyncHooks.executionAsyncId());
					handled.set(ex);
				});
				return thread;
			})));
		start();
		IllegalStateException failure = new IllegalStateException("boom");
		executor.execute(() -> {
			throw failure;
		});
		awaitFast().until(() -> handled.get() != null);
		assertThat(handled).hasValue(failure);
		long id = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0).asyncId();
		assertThat(eventsWhenHandled.get()).containsExactly("init EXECUTOR_TASK " + id + " trigger=1 eid=1",
				"before " + id, "after " + id, "destroy " + id);
		assertThat(executionIdWhenHandled).hasValue(1);
	}

	@Test
	void invokeAllRunsEachTaskAsAResourceTriggeredByTheCaller() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newFixedThreadPool(2)));
		start();
		AsyncResource caller = new AsyncResource("CALLER");
		List<Callable<Long>> tasks = List.of(AsyncHooks::executionAsyncId, AsyncHooks::executionAsyncId,
				AsyncHooks::executionAsyncId);
		List<Future<Long>> futures = caller.callInAsyncScope(() -> executor.invokeAll(tasks));
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(3)
			.allSatisfy((init) -> assertThat(init.triggerAsyncId()).isEqualTo(caller.asyncId()))
			.allSatisfy((init) -> assertThat(init.thread()).isSameAs(Thread.currentThread()));
		List<Long> ids = new ArrayList<>();
		for (Future<Long> future : futures) {
			ids.add(future.get());
		}
		assertThat(ids).containsExactlyElementsOf(inits.stream().map(Event::asyncId).toList());
		for (long id : ids) {
			awaitDestroy(this.recorder, id);
			assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		}
		caller.emitDestroy();
	}

	@Test
	void timedInvokeAllDestroysTheTasksItNeverStartedOnTheCallingThread() throws Exception {
		ExecutorService executor = singleThread();
		start();
		CountDownLatch release = new CountDownLatch(1);
		// ignores the interrupt of the timeout's cancel(true), so that the worker cannot
		// reach the other tasks before invokeAll has cancelled them too
		Callable<String> blocking = () -> {
			while (true) {
				try {
					release.await();
					return "late";
				}
				catch (InterruptedException ex) {
					// keep blocking until released
				}
			}
		};
		List<Future<String>> futures;
		try {
			futures = executor.invokeAll(List.of(blocking, () -> "b", () -> "c"), 100, TimeUnit.MILLISECONDS);
		}
		finally {
			release.countDown();
		}
		assertThat(futures).allSatisfy((future) -> assertThat(future.isCancelled()).isTrue());
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(3);
		long first = inits.get(0).asyncId();
		awaitDestroy(this.recorder, first);
		// cancelled while it ran, or (on a very slow machine) before it started
		assertThat(this.recorder.namesFor(first)).isIn(List.of("init", "before", "after", "destroy"),
				List.of("init", "destroy"));
		for (Event init : inits.subList(1, 3)) {
			assertThat(this.recorder.namesFor(init.asyncId())).containsExactly("init", "destroy");
			assertThat(event(this.recorder, init.asyncId(), "destroy").thread()).isSameAs(Thread.currentThread());
		}
	}

	@Test
	void invokeAnyReturnsAResultAndEveryTaskIsDestroyedOnce() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newFixedThreadPool(2)));
		start();
		String result = executor.invokeAny(List.of(() -> "a", () -> "b", () -> "c"));
		assertThat(result).isIn("a", "b", "c");
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(3);
		for (Event init : inits) {
			awaitDestroy(this.recorder, init.asyncId());
			// each task ran, or was cancelled by invokeAny before it started
			assertThat(this.recorder.namesFor(init.asyncId())).isIn(List.of("init", "before", "after", "destroy"),
					List.of("init", "destroy"));
		}
	}

	@Test
	void timedInvokeAnyThatTimesOutDestroysEveryTaskOnTheCallingThread() {
		ExecutorService executor = singleThread();
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> awaitQuietly(release));
		start();
		assertThatExceptionOfType(TimeoutException.class)
			.isThrownBy(() -> executor.invokeAny(List.of(() -> "a", () -> "b"), 50, TimeUnit.MILLISECONDS));
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(2).allSatisfy((init) -> {
			assertThat(this.recorder.namesFor(init.asyncId())).containsExactly("init", "destroy");
			assertThat(event(this.recorder, init.asyncId(), "destroy").thread()).isSameAs(Thread.currentThread());
		});
		release.countDown();
	}

	@Test
	void taskSubmittedFromATaskHasThatTaskAsTrigger() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newFixedThreadPool(2)));
		start();
		AtomicReference<Future<long[]>> inner = new AtomicReference<>();
		Future<Long> outer = executor.submit(() -> {
			inner.set(executor.submit(() -> new long[] { AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId() }));
			return AsyncHooks.executionAsyncId();
		});
		long outerId = outer.get();
		long[] innerIds = inner.get().get();
		Event innerInit = RecordedTasks.init(this.recorder, inner.get());
		assertThat(innerInit.triggerAsyncId()).isEqualTo(outerId);
		assertThat(innerInit.executionAsyncId()).isEqualTo(outerId);
		assertThat(innerIds).containsExactly(innerInit.asyncId(), outerId);
		awaitDestroy(this.recorder, innerInit.asyncId());
	}

	@Test
	void eachTaskSeesTheStoreOfItsSubmitterAndThePooledThreadKeepsNone() throws Exception {
		ExecutorService executor = singleThread();
		start();
		List<Future<String>> futures = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			if (i % 10 == 0) {
				futures.add(executor.submit(storage::getStore));
			}
			else {
				String store = "store-" + i;
				storage.run(store, () -> futures.add(executor.submit(storage::getStore)));
			}
		}
		for (int i = 0; i < futures.size(); i++) {
			assertThat(futures.get(i).get()).as("task %d", i).isEqualTo((i % 10 == 0) ? null : "store-" + i);
		}
		// the same thread, through the raw executor: no store, no frame left behind
		Future<Object[]> raw = AsyncExecutors.unwrap(executor)
			.submit(() -> new Object[] { storage.getStore(), AsyncHooks.executionAsyncId() });
		assertThat(raw.get()).containsExactly(null, 1L);
	}

	@Test
	void enterWithInsideATaskDoesNotLeakToTheNextTask() throws Exception {
		ExecutorService executor = singleThread();
		start();
		Future<String> entered = storage.run("outer", () -> executor.submit(() -> {
			storage.enterWith("entered");
			return storage.getStore();
		}));
		Future<String> next = executor.submit(storage::getStore);
		assertThat(entered.get()).isEqualTo("entered");
		assertThat(next.get()).isNull();
		assertThat(AsyncExecutors.unwrap(executor).submit(storage::getStore).get()).isNull();
	}

	@Test
	void storesFollowTasksWithNoHookEnabledAndNoEventIsDelivered() throws Exception {
		ExecutorService executor = singleThread();
		Future<String> future = storage.run("quiet", () -> executor.submit(storage::getStore));
		assertThat(future.get()).isEqualTo("quiet");
		assertThat(this.recorder.events()).isEmpty();
	}

	@Test
	void wrappedPlainExecutorRunsEachTaskInItsOwnScope() {
		Executor executor = AsyncExecutors.wrap((Executor) Runnable::run);
		start();
		AsyncResource outer = new AsyncResource("OUTER");
		AtomicLong seen = new AtomicLong();
		outer.runInAsyncScope(() -> executor.execute(() -> seen.set(AsyncHooks.triggerAsyncId())));
		long id = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0).asyncId();
		long outerId = outer.asyncId();
		assertThat(this.recorder.lines((event) -> true)).containsExactly("init OUTER " + outerId + " trigger=1 eid=1",
				"before " + outerId, "init EXECUTOR_TASK " + id + " trigger=" + outerId + " eid=" + outerId,
				"before " + id, "after " + id, "destroy " + id, "after " + outerId);
		assertThat(seen).hasValue(outerId);
		outer.emitDestroy();
	}

	@Test
	void callerRunsPolicyRunsTheTaskNestedInsideTheSubmitter() throws InterruptedException {
		ThreadPoolExecutor raw = this.engine.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.CallerRunsPolicy()));
		ExecutorService executor = AsyncExecutors.wrap(raw);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> {
			started.countDown();
			awaitQuietly(release);
		});
		executor.execute(() -> {
		});
		started.await();
		start();
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		executor.execute(() -> ranOn.set(Thread.currentThread()));
		long id = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0).asyncId();
		assertThat(ranOn).hasValue(Thread.currentThread());
		assertThat(this.recorder.lines((event) -> true)).containsExactly(
				"init EXECUTOR_TASK " + id + " trigger=1 eid=1", "before " + id, "after " + id, "destroy " + id);
		release.countDown();
	}

	@Test
	void taskSubmittedFromAHookCallbackRunsWithoutEvents() {
		ExecutorService executor = singleThread();
		CountDownLatch ran = new CountDownLatch(1);
		AsyncHook submitting = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("TRIGGER")) {
					executor.execute(ran::countDown);
				}
			}

		}).enable();
		start();
		AsyncResource trigger = new AsyncResource("TRIGGER");
		awaitFast().until(() -> ran.getCount() == 0);
		submitting.disable();
		trigger.emitDestroy();
		assertThat(this.recorder.lines((event) -> true))
			.containsExactly("init TRIGGER " + trigger.asyncId() + " trigger=1 eid=1", "destroy " + trigger.asyncId());
	}

	@Test
	void lifecycleMethodsActOnTheDelegate() throws Exception {
		ExecutorService raw = this.engine.shutDownAfter(Executors.newSingleThreadExecutor());
		ExecutorService executor = AsyncExecutors.wrap(raw);
		assertThat(executor.isShutdown()).isFalse();
		executor.shutdown();
		assertThat(raw.isShutdown()).isTrue();
		assertThat(executor.isShutdown()).isTrue();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(executor.isTerminated()).isTrue();
	}

	@Test
	void wrappingIsIdempotentAndKeepsTheInterface() {
		ExecutorService service = this.engine.shutDownAfter(Executors.newSingleThreadExecutor());
		ScheduledExecutorService scheduler = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1));
		Executor plain = Runnable::run;
		Executor wrappedPlain = AsyncExecutors.wrap(plain);
		ExecutorService wrappedService = AsyncExecutors.wrap(service);
		ScheduledExecutorService wrappedScheduler = AsyncExecutors.wrap(scheduler);
		assertThat(AsyncExecutors.wrap(wrappedPlain)).isSameAs(wrappedPlain);
		assertThat(AsyncExecutors.wrap(wrappedService)).isSameAs(wrappedService);
		assertThat(AsyncExecutors.wrap((Executor) wrappedService)).isSameAs(wrappedService);
		assertThat(AsyncExecutors.wrap(wrappedScheduler)).isSameAs(wrappedScheduler);
		assertThat(AsyncExecutors.wrap((ExecutorService) wrappedScheduler)).isSameAs(wrappedScheduler);
		assertThat(AsyncExecutors.wrap((Executor) wrappedScheduler)).isSameAs(wrappedScheduler);
		assertThat(AsyncExecutors.wrap((Executor) service)).isInstanceOf(ExecutorService.class);
		assertThat(AsyncExecutors.wrap((Executor) scheduler)).isInstanceOf(ScheduledExecutorService.class);
		assertThat(AsyncExecutors.wrap((ExecutorService) scheduler)).isInstanceOf(ScheduledExecutorService.class);
		assertThat(AsyncExecutors.isWrapped(wrappedPlain)).isTrue();
		assertThat(AsyncExecutors.isWrapped(service)).isFalse();
		assertThat(AsyncExecutors.unwrap(wrappedPlain)).isSameAs(plain);
		assertThat(AsyncExecutors.unwrap(wrappedService)).isSameAs(service);
		assertThat(AsyncExecutors.unwrap((Executor) wrappedService)).isSameAs(service);
		assertThat(AsyncExecutors.unwrap(wrappedScheduler)).isSameAs(scheduler);
		assertThat(AsyncExecutors.unwrap((ExecutorService) wrappedScheduler)).isSameAs(scheduler);
		assertThat(AsyncExecutors.unwrap(service)).isSameAs(service);
	}

	/**
	 * Wait for the latch, or until interrupted (by {@code shutdownNow()} when a test
	 * fails before it releases the latch).
	 * @param latch the latch
	 */
	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
