package dev.asynchooks.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * The future returned by {@code schedule}, {@code scheduleAtFixedRate} and
 * {@code scheduleWithFixedDelay}: one {@code Timeout} resource for all its runs, and the
 * object passed to {@code init}, as Node's {@code Timeout} is what {@code setTimeout}
 * returns. It is handed to the delegate as the task, and forwards the
 * {@link ScheduledFuture} methods to the delegate's future.
 * <p>
 * A periodic task ends when it is cancelled, when a run throws (the executor suppresses
 * later runs), or when the executor drops it at shutdown; a one-shot task after its run.
 * A task that ends before a run has claimed it never runs its function again: a worker
 * that has already started that run (the delegate's future passed its own check just
 * before a {@code cancel} or a shutdown) cancels the delegate's future, which then
 * discards the run's outcome, and skips the function, which would otherwise run outside
 * its resource, after its {@code destroy}.
 *
 * @param <V> the type of the value
 */
final class TrackedScheduledFuture<V> extends TrackedTask implements ScheduledFuture<V>, Runnable, Callable<V> {

	private final @Nullable Runnable runnable;

	private final @Nullable Callable<V> callable;

	private final boolean periodic;

	private final SchedulerFuture future = new SchedulerFuture();

	TrackedScheduledFuture(Runnable runnable, boolean periodic, LiveTasks liveTasks) {
		super(ResourceTypes.TIMEOUT, liveTasks, runnable);
		this.runnable = runnable;
		this.callable = null;
		this.periodic = periodic;
	}

	TrackedScheduledFuture(Callable<V> callable, LiveTasks liveTasks) {
		super(ResourceTypes.TIMEOUT, liveTasks, callable);
		this.runnable = null;
		this.callable = callable;
		this.periodic = false;
	}

	/**
	 * Attach the delegate's future, once {@code schedule} has returned it. The first run
	 * may already have happened (or be running, and may have cancelled itself).
	 * @param future the delegate's future for this task
	 */
	void scheduledAs(ScheduledFuture<?> future) {
		this.future.attach(future);
	}

	/**
	 * The delegate refused the task: end it, and let anyone holding it (a hook that kept
	 * the {@code init} resource) see it as cancelled rather than wait for a future that
	 * never comes.
	 */
	void rejected() {
		this.future.requestCancel();
		end();
	}

	@Override
	public void run() {
		Runnable runnable = this.runnable;
		if (runnable == null) {
			throw new IllegalStateException(this + " was scheduled as a Callable");
		}
		if (!startRun()) {
			if (!discardEndedRun()) {
				runnable.run();
			}
			return;
		}
		ThreadState state = ThreadState.current();
		boolean completed = false;
		try {
			runInScope(state, runnable);
			completed = true;
		}
		finally {
			endRun(state, !this.periodic || !completed);
		}
	}

	@Override
	public V call() throws Exception {
		Callable<V> callable = this.callable;
		if (callable == null) {
			throw new IllegalStateException(this + " was scheduled as a Runnable");
		}
		if (!startRun()) {
			if (discardEndedRun()) {
				throw new CancellationException();
			}
			return callable.call();
		}
		return callOnce(callable);
	}

	/**
	 * A worker has started a run of a task that has ended (a {@code cancel} or the
	 * executor's shutdown ended it after the delegate's future had passed its own check,
	 * before this run could claim it): the function must not run outside its resource,
	 * after its {@code destroy}. Cancel the delegate's future, so that it discards what
	 * this run returns (and, if periodic, runs no more), as it already does if the cancel
	 * came first.
	 * @return {@code true} if the delegate's future is cancelled (now or before the
	 * future is attached, through {@link #scheduledAs}) and the run must skip the
	 * function; {@code false} if it could not be cancelled (a scheduler whose futures
	 * complete before their task returns), when the function runs unwrapped, as the
	 * scheduler decided
	 */
	private boolean discardEndedRun() {
		ScheduledFuture<?> future = this.future.get();
		if (future == null) {
			// schedule() has not returned yet: scheduledAs() passes the cancel on, as for
			// cancel() (volatile write, then read, on both sides)
			this.future.requestCancel();
			future = this.future.get();
			if (future == null) {
				return true;
			}
		}
		return future.cancel(false) || future.isCancelled();
	}

	@Override
	boolean isPeriodic() {
		return this.periodic;
	}

	@Override
	boolean isDue() {
		ScheduledFuture<?> future = this.future.get();
		// without its future yet, the executor checks the task again once it has it
		return future == null || future.getDelay(TimeUnit.NANOSECONDS) <= 0;
	}

	/**
	 * End the task if the delegate has completed its future (cancelled it, or a run
	 * threw), waiting up to the given time for that: a cancel wakes the wait at once.
	 * @param waitNanos how long to wait, {@code 0} to look without waiting
	 * @return whether the task has ended (or will, after the run in progress)
	 */
	boolean endIfCancelledByExecutor(long waitNanos) {
		ScheduledFuture<?> future = this.future.get();
		if (future == null) {
			return isEndRequested();
		}
		if (waitNanos > 0 && !future.isDone()) {
			try {
				future.get(waitNanos, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (CancellationException | ExecutionException | TimeoutException ex) {
				// looked at below
			}
		}
		if (future.isDone()) {
			end();
		}
		return isEndRequested();
	}

	@Override
	boolean isCancelledByExecutor() {
		ScheduledFuture<?> future = this.future.get();
		return future != null && future.isCancelled();
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.future.cancel(mayInterruptIfRunning);
		if (cancelled) {
			end();
		}
		return cancelled;
	}

	@Override
	public boolean isCancelled() {
		return this.future.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.future.isDone();
	}

	@Override
	@SuppressWarnings("unchecked")
	public V get() throws InterruptedException, ExecutionException {
		return (V) this.future.await().get();
	}

	@Override
	@SuppressWarnings("unchecked")
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return (V) this.future.await().get(timeout, unit);
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return this.future.getDelay(unit);
	}

	@Override
	public int compareTo(Delayed other) {
		return this.future.compareTo(this, other,
				(other instanceof TrackedScheduledFuture<?> tracked) ? tracked.future : null);
	}

	@Override
	public String toString() {
		return super.toString() + " [" + ((this.runnable != null) ? this.runnable : this.callable) + "]";
	}

}
