package dev.asynchooks.concurrent;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.AsyncExecutorsTests.awaitQuietly;
import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static dev.asynchooks.concurrent.RecordedTasks.event;
import static dev.asynchooks.concurrent.RecordedTasks.idOf;
import static dev.asynchooks.concurrent.RecordedTasks.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static dev.asynchooks.concurrent.RecordedTasks.awaitFast;

/**
 * {@link AsyncExecutors#wrap(ScheduledExecutorService)}: each scheduled task is one
 * {@code Timeout} for all its runs.
 */
class ScheduledAsyncExecutorsTests {

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	private static final List<String> RUN = List.of("before", "after");

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(new HookRecorder());

	private ScheduledThreadPoolExecutor raw(int threads) {
		return this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(threads));
	}

	private void start() {
		this.recorder.hook().enable();
	}

	@Test
	void delayedTaskIsOneTimeoutWithOneRunDestroyedAfterIt() {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		AsyncResource outer = new AsyncResource("OUTER");
		AtomicReference<Object> seenResource = new AtomicReference<>();
		AtomicLong seenTrigger = new AtomicLong();
		ScheduledFuture<?> future = outer.runInAsyncScope(() -> scheduler.schedule(() -> {
			seenResource.set(AsyncHooks.executionAsyncResource());
			seenTrigger.set(AsyncHooks.triggerAsyncId());
		}, 10, TimeUnit.MILLISECONDS));
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		long outerId = outer.asyncId();
		assertThat(this.recorder.lines((event) -> event.asyncId() == id)).containsExactly(
				"init Timeout " + id + " trigger=" + outerId + " eid=" + outerId, "before " + id, "after " + id,
				"destroy " + id);
		assertThat(seenResource).hasValue(future);
		assertThat(seenTrigger).hasValue(outerId);
		assertThat(RecordedTasks.init(this.recorder, future).thread()).isSameAs(Thread.currentThread());
		Thread worker = event(this.recorder, id, "before").thread();
		assertThat(worker).isNotSameAs(Thread.currentThread());
		assertThat(event(this.recorder, id, "after").thread()).isSameAs(worker);
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(worker);
		assertThat(future.isDone()).isTrue();
		outer.emitDestroy();
	}

	@Test
	void delayedCallableReturnsItsValueThroughTheFuture() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		ScheduledFuture<Long> future = scheduler.schedule(AsyncHooks::executionAsyncId, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, future);
		assertThat(future.get()).isEqualTo(id);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.inits(ResourceTypes.TIMEOUT)).hasSize(1);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void fixedRateTaskIsOneTimeoutWithOnePairPerRunAndCanCancelItself() {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		AtomicInteger runs = new AtomicInteger();
		// initial delay 0: the first run may start before scheduleAtFixedRate returns,
		// and the task reaches its future only through executionAsyncResource()
		ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(() -> {
			if (runs.incrementAndGet() == 3) {
				((Future<?>) AsyncHooks.executionAsyncResource()).cancel(false);
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactlyElementsOf(repeat("init", RUN, 3, "destroy"));
		assertThat(this.recorder.inits(ResourceTypes.TIMEOUT)).hasSize(1);
		assertThat(event(this.recorder, id, "destroy").thread()).isNotSameAs(Thread.currentThread());
		assertThat(future.isCancelled()).isTrue();
		assertThat(runs).hasValue(3);
	}

	@Test
	void periodicTaskThatCancelsItselfBeforeScheduleReturnedIsDestroyedAfterThatRun() throws Exception {
		CountDownLatch firstRunDone = new CountDownLatch(1);
		ScheduledThreadPoolExecutor slowToReturn = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1) {

			@Override
			public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
					TimeUnit unit) {
				ScheduledFuture<?> future = super.scheduleAtFixedRate(command, initialDelay, period, unit);
				awaitQuietly(firstRunDone);
				return future;
			}

			@Override
			protected void afterExecute(Runnable task, Throwable failure) {
				firstRunDone.countDown();
			}

		});
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(slowToReturn);
		start();
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<Boolean> cancelled = new AtomicReference<>();
		ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(() -> {
			runs.incrementAndGet();
			cancelled.set(((Future<?>) AsyncHooks.executionAsyncResource()).cancel(false));
		}, 0, 1, TimeUnit.HOURS);
		assertThat(cancelled).hasValue(true);
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(future.isCancelled()).isTrue();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(future::get);
		assertThat(slowToReturn.getQueue()).as("the delegate's task")
			.singleElement()
			.satisfies((task) -> assertThat(((Future<?>) task).isCancelled()).isTrue());
		assertThat(runs).hasValue(1);
	}

	@Test
	void fixedDelayTaskThatThrowsIsDestroyedAfterThatRunAndItsFutureFails() {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		AtomicInteger runs = new AtomicInteger();
		IllegalStateException failure = new IllegalStateException("boom");
		ScheduledFuture<?> future = scheduler.scheduleWithFixedDelay(() -> {
			if (runs.incrementAndGet() == 2) {
				throw failure;
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get).withCause(failure);
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactlyElementsOf(repeat("init", RUN, 2, "destroy"));
		assertThat(runs).hasValue(2);
	}

	@Test
	void cancelBeforeTheRunDestroysInsideCancelOnTheCancellingThread() {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		ScheduledFuture<?> future = scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		long id = idOf(this.recorder, future);
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		assertThat(future.isCancelled()).isTrue();
		assertThat(future.isDone()).isTrue();
		assertThat(future.cancel(false)).isFalse();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(future::get);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
	}

	@Test
	void cancelDuringAPeriodicRunDestroysAfterThatRunsAfter() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(() -> {
			started.countDown();
			awaitQuietly(release);
		}, 0, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, future);
		started.await();
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before");
		release.countDown();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(event(this.recorder, id, "after").thread());
	}

	@Test
	void shutdownDestroysPeriodicTasksAndLetsDelayedTasksRun() throws Exception {
		ScheduledThreadPoolExecutor raw = raw(1);
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		start();
		ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> {
		}, 1, 1, TimeUnit.HOURS);
		ScheduledFuture<?> delayed = scheduler.schedule(() -> {
		}, 20, TimeUnit.MILLISECONDS);
		scheduler.shutdown();
		long periodicId = idOf(this.recorder, periodic);
		assertThat(this.recorder.namesFor(periodicId)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, periodicId, "destroy").thread()).isSameAs(Thread.currentThread());
		assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		long delayedId = idOf(this.recorder, delayed);
		awaitDestroy(this.recorder, delayedId);
		assertThat(this.recorder.namesFor(delayedId)).containsExactly("init", "before", "after", "destroy");
		this.recorder.assertEveryInitDestroyedOnce();
	}

	@Test
	void shutdownDestroysDelayedTasksWhenThePolicyDropsThem() throws Exception {
		ScheduledThreadPoolExecutor raw = raw(1);
		raw.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		start();
		ScheduledFuture<?> delayed = scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		scheduler.shutdown();
		long id = idOf(this.recorder, delayed);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(delayed.isCancelled()).isTrue();
	}

	@Test
	void periodicTasksThatContinueAfterShutdownAreDestroyedByShutdownNow() throws Exception {
		ScheduledThreadPoolExecutor raw = raw(1);
		raw.setContinueExistingPeriodicTasksAfterShutdownPolicy(true);
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		start();
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, periodic);
		scheduler.shutdown();
		int runsAtShutdown = runs.get();
		awaitFast().until(() -> runs.get() > runsAtShutdown + 1);
		assertThat(this.recorder.namesFor(id)).doesNotContain("destroy");
		scheduler.shutdownNow();
		awaitDestroy(this.recorder, id);
		List<String> names = this.recorder.namesFor(id);
		assertThat(names).endsWith("after", "destroy");
		assertThat(names).containsExactlyElementsOf(repeat("init", RUN, (names.size() - 2) / 2, "destroy"));
	}

	@Test
	void periodicTaskRunningAtShutdownIsDestroyedAfterThatRun() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> {
			runs.incrementAndGet();
			started.countDown();
			awaitQuietly(release);
		}, 0, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, periodic);
		started.await();
		scheduler.shutdown();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before");
		release.countDown();
		assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(runs).hasValue(1);
	}

	@Test
	void shutdownNowDestroysEveryTaskNotRunOnTheCallingThread() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		Future<?> running = scheduler.submit(() -> {
			started.countDown();
			never.await();
			return null;
		});
		started.await();
		ScheduledFuture<?> delayed = scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		ScheduledFuture<?> periodic = scheduler.scheduleWithFixedDelay(() -> {
		}, 0, 1, TimeUnit.HOURS);
		Future<?> queued = scheduler.submit(() -> {
		});
		List<Runnable> unrun = scheduler.shutdownNow();
		assertThat(unrun).hasSize(3);
		for (Object task : List.of(delayed, periodic, queued)) {
			long id = idOf(this.recorder, task);
			assertThat(this.recorder.namesFor(id)).as("%s", task).containsExactly("init", "destroy");
			assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		}
		long runningId = idOf(this.recorder, running);
		awaitDestroy(this.recorder, runningId);
		assertThat(this.recorder.namesFor(runningId)).containsExactly("init", "before", "after", "destroy");
		assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.recorder.assertEveryInitDestroyedOnce();
	}

	@Test
	void scheduleAfterShutdownIsRejectedAndDestroyed() {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		scheduler.shutdown();
		start();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> scheduler.schedule(() -> {
		}, 1, TimeUnit.SECONDS));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> scheduler.schedule(() -> "x", 1, TimeUnit.SECONDS));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> scheduler.execute(() -> {
		}));
		assertThat(this.recorder.inits(ResourceTypes.TIMEOUT)).hasSize(2);
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK)).hasSize(1);
		for (Event init : this.recorder.inits(ResourceTypes.TIMEOUT)) {
			assertThat(this.recorder.namesFor(init.asyncId())).containsExactly("init", "destroy");
		}
		this.recorder.assertEveryInitDestroyedOnce();
	}

	@Test
	void invalidPeriodIsRejectedAndTheTimeoutDestroyed() {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> scheduler.scheduleAtFixedRate(() -> {
		}, 0, 0, TimeUnit.SECONDS));
		this.recorder.assertEveryInitDestroyedOnce();
	}

	@Test
	void zeroDelayExecuteAndSubmitAreExecutorTasks() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		CountDownLatch ran = new CountDownLatch(1);
		scheduler.execute(ran::countDown);
		Future<Long> submitted = scheduler.submit(AsyncHooks::executionAsyncId);
		ran.await();
		long submittedId = idOf(this.recorder, submitted);
		assertThat(submitted.get()).isEqualTo(submittedId);
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(2);
		assertThat(this.recorder.inits(ResourceTypes.TIMEOUT)).isEmpty();
		for (Event init : inits) {
			awaitDestroy(this.recorder, init.asyncId());
			assertThat(this.recorder.namesFor(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		}
	}

	@Test
	void scheduledFutureBehavesLikeTheDelegates() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(1));
		start();
		ScheduledFuture<?> sooner = scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		ScheduledFuture<?> later = scheduler.schedule(() -> {
		}, 2, TimeUnit.HOURS);
		assertThat(sooner.getDelay(TimeUnit.MINUTES)).isBetween(58L, 60L);
		assertThat(later.getDelay(TimeUnit.MINUTES)).isBetween(118L, 120L);
		assertThat(sooner.compareTo(later)).isNegative();
		assertThat(later.compareTo(sooner)).isPositive();
		assertThat(sooner.compareTo(sooner)).isZero();
		assertThat(sooner.isDone()).isFalse();
		assertThat(sooner.isCancelled()).isFalse();
		assertThatExceptionOfType(java.util.concurrent.TimeoutException.class)
			.isThrownBy(() -> sooner.get(1, TimeUnit.MILLISECONDS));
		assertThat(sooner.cancel(true)).isTrue();
		assertThat(later.cancel(false)).isTrue();
		ScheduledFuture<String> value = scheduler.schedule(() -> "value", 0, TimeUnit.MILLISECONDS);
		assertThat(value.get(10, TimeUnit.SECONDS)).isEqualTo("value");
		assertThat(value.isDone()).isTrue();
		assertThat(value.getDelay(TimeUnit.NANOSECONDS)).isNotPositive();
		awaitDestroy(this.recorder, idOf(this.recorder, value));
		this.recorder.assertEveryInitDestroyedOnce();
	}

	@Test
	void timeoutScheduledInsideATimeoutHasItAsTriggerAndEveryRunSeesTheSchedulersStore() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw(2));
		start();
		AtomicReference<ScheduledFuture<String>> inner = new AtomicReference<>();
		AtomicInteger runs = new AtomicInteger();
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		ScheduledFuture<?> periodic = storage.run("scheduler", () -> scheduler.scheduleAtFixedRate(() -> {
			seen.add(storage.getStore());
			if (runs.incrementAndGet() == 3) {
				inner.set(scheduler.schedule(storage::getStore, 1, TimeUnit.MILLISECONDS));
				((Future<?>) AsyncHooks.executionAsyncResource()).cancel(false);
			}
			else {
				storage.enterWith("entered in run " + runs.get());
			}
		}, 0, 1, TimeUnit.MILLISECONDS));
		long periodicId = idOf(this.recorder, periodic);
		awaitFast().until(() -> inner.get() != null);
		assertThat(inner.get().get()).isEqualTo("scheduler");
		assertThat(seen).containsExactly("scheduler", "scheduler", "scheduler");
		Event innerInit = RecordedTasks.init(this.recorder, inner.get());
		assertThat(innerInit.type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(innerInit.triggerAsyncId()).isEqualTo(periodicId);
		awaitDestroy(this.recorder, periodicId);
		awaitDestroy(this.recorder, innerInit.asyncId());
		this.recorder.assertEveryInitDestroyedOnce();
		assertThat(AsyncExecutors.unwrap(scheduler).submit(storage::getStore).get()).isNull();
	}

}
