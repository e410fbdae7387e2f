package dev.asynchooks.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.AsyncExecutorsTests.awaitQuietly;
import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static dev.asynchooks.concurrent.RecordedTasks.idOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scheduled task ended after the scheduler's future has started its run but before the
 * wrapper's run has entered the task's resource: the function must not run (outside its
 * resource, after its {@code destroy}); the scheduler's future is cancelled, so the run's
 * outcome is discarded as it would be had the cancel come first. The scheduler below
 * holds every run between the two points until the test releases it.
 */
class ScheduledTaskEndedAsItStartsTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(new HookRecorder());

	@Test
	void delayedCallableCancelledAsItStartsDoesNotRun() throws Exception {
		GatedScheduler raw = this.engine.shutDownAfter(new GatedScheduler());
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		this.recorder.hook().enable();
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<Integer> future = scheduler.schedule(runs::incrementAndGet, 0, TimeUnit.NANOSECONDS);
		assertCancelledAsItStartsWithoutRunning(raw, future, runs);
	}

	@Test
	void delayedRunnableCancelledAsItStartsDoesNotRun() throws Exception {
		GatedScheduler raw = this.engine.shutDownAfter(new GatedScheduler());
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		this.recorder.hook().enable();
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> future = scheduler.schedule(runs::incrementAndGet, 0, TimeUnit.NANOSECONDS);
		assertCancelledAsItStartsWithoutRunning(raw, future, runs);
	}

	@Test
	void periodicTaskCancelledAsItStartsDoesNotRunAgain() throws Exception {
		GatedScheduler raw = this.engine.shutDownAfter(new GatedScheduler());
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		this.recorder.hook().enable();
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.NANOSECONDS);
		assertCancelledAsItStartsWithoutRunning(raw, future, runs);
		assertThat(raw.getQueue()).isEmpty();
	}

	private void assertCancelledAsItStartsWithoutRunning(GatedScheduler raw, ScheduledFuture<?> future,
			AtomicInteger runs) throws InterruptedException {
		long id = idOf(this.recorder, future);
		raw.started.await();
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		raw.release.countDown();
		raw.finished.await();
		assertThat(runs).hasValue(0);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(future.isCancelled()).isTrue();
		this.recorder.assertEveryInitDestroyedOnce();
	}

	@Test
	void dueTaskRunsInItsResourceWhenShutdownDropsDelayedTasks() throws Exception {
		ScheduledThreadPoolExecutor raw = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1));
		raw.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		this.recorder.hook().enable();
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ScheduledFuture<?> blocker = scheduler.schedule(() -> {
			busy.countDown();
			awaitQuietly(release);
		}, 0, TimeUnit.NANOSECONDS);
		busy.await();
		AtomicLong seenId = new AtomicLong();
		ScheduledFuture<Long> due = scheduler.schedule(() -> {
			seenId.set(AsyncHooks.executionAsyncId());
			return AsyncHooks.executionAsyncId();
		}, 0, TimeUnit.NANOSECONDS);
		long id = idOf(this.recorder, due);
		scheduler.shutdown();
		assertThat(this.recorder.namesFor(id)).containsExactly("init");
		release.countDown();
		assertThat(due.get()).isEqualTo(id);
		assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(seenId).hasValue(id);
		assertThat(due.isCancelled()).isFalse();
		awaitDestroy(this.recorder, idOf(this.recorder, blocker));
		this.recorder.assertEveryInitDestroyedOnce();
	}

	/**
	 * A one-thread scheduler whose runs signal {@code started} once its future has
	 * started running them, then wait for {@code release} before calling the task it was
	 * given (the wrapper's); {@code finished} counts down after the first run.
	 */
	static final class GatedScheduler extends ScheduledThreadPoolExecutor {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch finished = new CountDownLatch(1);

		GatedScheduler() {
			super(1);
		}

		private Runnable gated(Runnable command) {
			return () -> {
				hold();
				command.run();
			};
		}

		private void hold() {
			this.started.countDown();
			awaitQuietly(this.release);
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			return super.schedule(gated(command), delay, unit);
		}

		@Override
		public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
			return super.schedule(() -> {
				hold();
				return callable.call();
			}, delay, unit);
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
			return super.scheduleAtFixedRate(gated(command), initialDelay, period, unit);
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			this.finished.countDown();
		}

	}

}
