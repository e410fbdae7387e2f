package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link ScheduledExecutorService} whose delayed and periodic tasks are {@code Timeout}
 * resources ({@link TrackedScheduledFuture}) and whose other tasks are
 * {@code EXECUTOR_TASK}s. Made by {@link AsyncExecutors#wrap(ScheduledExecutorService)}.
 * <p>
 * A scheduler drops tasks at shutdown without naming them: a
 * {@link ScheduledThreadPoolExecutor} cancels its periodic tasks (and, by policy, its
 * delayed ones) at {@code shutdown()}, and {@code shutdownNow()} returns its own
 * wrappers, not ours. So this wrapper keeps the set of its tasks that have not ended, and
 * at shutdown ends those that will never run: the executor's policies say which. A task
 * handed over while the executor shuts down checks the same rules itself once the
 * delegate has accepted it; between that check and the sweep (a volatile write then a
 * read on each side) one of them sees the other.
 * <p>
 * A periodic task that is running when {@code shutdown()} is called is decided on after
 * its run returns: a {@link ScheduledThreadPoolExecutor} then cancels it or queues it
 * again by its policy. When the policies can be read, the sweep knows the answer. When
 * they cannot (a view such as {@code Executors.newSingleThreadScheduledExecutor()}),
 * nothing tells the wrapper, so a daemon thread, started at the first shutdown and only
 * when such tasks exist, waits on their futures: a cancel completes the future, which
 * wakes the wait at once, and the task is destroyed on that thread. The thread ends when
 * every such task has ended or the scheduler is seen terminated; while a scheduler keeps
 * its periodic tasks after shutdown it looks again at most once a second.
 */
final class TrackedScheduledExecutorService extends TrackedExecutorService<ScheduledExecutorService>
		implements ScheduledExecutorService {

	private static final int RUNNING = 0;

	private static final int SHUTDOWN = 1;

	private static final int STOPPED = 2;

	private static final long FIRST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long LAST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final LiveTasks tasks;

	private final AtomicInteger runState = new AtomicInteger(RUNNING);

	TrackedScheduledExecutorService(ScheduledExecutorService delegate) {
		this(delegate, new LiveTasks());
	}

	private TrackedScheduledExecutorService(ScheduledExecutorService delegate, LiveTasks tasks) {
		super(delegate, tasks);
		this.tasks = tasks;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		Objects.requireNonNull(command, "'command' must not be null");
		Objects.requireNonNull(unit, "'unit' must not be null");
		TrackedScheduledFuture<?> task = new TrackedScheduledFuture<>(command, false, this.tasks);
		return register(task, (tracked) -> this.delegate.schedule((Runnable) tracked, delay, unit));
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		Objects.requireNonNull(callable, "'callable' must not be null");
		Objects.requireNonNull(unit, "'unit' must not be null");
		TrackedScheduledFuture<V> task = new TrackedScheduledFuture<>(callable, this.tasks);
		return register(task, (tracked) -> this.delegate.schedule((Callable<V>) tracked, delay, unit));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		Objects.requireNonNull(command, "'command' must not be null");
		Objects.requireNonNull(unit, "'unit' must not be null");
		TrackedScheduledFuture<?> task = new TrackedScheduledFuture<>(command, true, this.tasks);
		return register(task, (tracked) -> this.delegate.scheduleAtFixedRate(tracked, initialDelay, period, unit));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		Objects.requireNonNull(command, "'command' must not be null");
		Objects.requireNonNull(unit, "'unit' must not be null");
		TrackedScheduledFuture<?> task = new TrackedScheduledFuture<>(command, true, this.tasks);
		return register(task, (tracked) -> this.delegate.scheduleWithFixedDelay(tracked, initialDelay, delay, unit));
	}

	@Override
	LiveTasks liveTasksForNewTask() {
		// every task: the sweep at shutdown also decides which will still run
		return this.tasks;
	}

	// the delegate call that hands the task over: a rejection (or an Error) ends the task
	// and is rethrown
	private <V> ScheduledFuture<V> register(TrackedScheduledFuture<V> task,
			Function<TrackedScheduledFuture<V>, ScheduledFuture<?>> schedule) {
		task.handedOver();
		try {
			task.scheduledAs(schedule.apply(task));
		}
		catch (Throwable ex) {
			task.rejected();
			throw ex;
		}
		accepted(task);
		return task;
	}

	@Override
	void accepted(TrackedTask task) {
		int runState = this.runState.get();
		if (runState != RUNNING) {
			endIfDropped(task, runState);
		}
	}

	@Override
	void afterShutdown(boolean now) {
		int previous = this.runState.getAndAccumulate(now ? STOPPED : SHUTDOWN, Math::max);
		int runState = Math.max(previous, now ? STOPPED : SHUTDOWN);
		boolean policiesReadable = this.delegate instanceof ScheduledThreadPoolExecutor;
		List<TrackedScheduledFuture<?>> undecided = new ArrayList<>();
		for (TrackedTask task : this.tasks.snapshot()) {
			endIfDropped(task, runState);
			if (!policiesReadable && task.isPeriodic() && !task.isEndRequested()) {
				undecided.add((TrackedScheduledFuture<?>) task);
			}
		}
		if (previous == RUNNING && runState == SHUTDOWN && !undecided.isEmpty()) {
			watchUntilDecided(undecided);
		}
	}

	private void watchUntilDecided(List<TrackedScheduledFuture<?>> periodicTasks) {
		Thread watcher = new Thread(() -> {
			long waitNanos = FIRST_WAIT_NANOS;
			while (!Thread.currentThread().isInterrupted()) {
				periodicTasks.removeIf((task) -> task.endIfCancelledByExecutor(0));
				if (periodicTasks.isEmpty()) {
					return;
				}
				if (this.delegate.isTerminated()) {
					afterTermination();
					return;
				}
				periodicTasks.get(0).endIfCancelledByExecutor(waitNanos);
				waitNanos = Math.min(waitNanos * 2, LAST_WAIT_NANOS);
			}
		}, "async-hooks-scheduler-shutdown");
		watcher.setDaemon(true);
		watcher.start();
	}

	@Override
	void afterTermination() {
		this.runState.set(STOPPED);
		super.afterTermination();
	}

	private void endIfDropped(TrackedTask task, int runState) {
		if (runState == STOPPED || task.isCancelledByExecutor() || !runsAfterShutdown(task)) {
			task.end();
		}
	}

	private boolean runsAfterShutdown(TrackedTask task) {
		if (this.delegate instanceof ScheduledThreadPoolExecutor executor) {
			// as ScheduledThreadPoolExecutor.canRunInCurrentRunState: a one-shot task
			// that
			// is due runs even when delayed tasks are dropped (the delay only decreases:
			// if the executor saw it pending and dropped it, it has cancelled it)
			return task.isPeriodic() ? executor.getContinueExistingPeriodicTasksAfterShutdownPolicy()
					: executor.getExecuteExistingDelayedTasksAfterShutdownPolicy() || task.isDue();
		}
		// policies that cannot be read (a view such as
		// Executors.newSingleThreadScheduledExecutor(), another implementation): a
		// scheduler that drops a delayed or periodic task at shutdown cancels its future
		// (isCancelledByExecutor()), one that keeps it runs it in its resource, and what
		// is dropped silently ends when the scheduler is seen terminated
		return true;
	}

}
