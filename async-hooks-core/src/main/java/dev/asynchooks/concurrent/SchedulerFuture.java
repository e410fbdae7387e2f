package dev.asynchooks.concurrent;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The scheduler's own future of a tracked scheduled task ({@link Timeout},
 * {@link TrackedScheduledFuture}), which the task hands to its caller in its place. The
 * future is known only once {@code schedule} has returned, but the task is visible
 * earlier (a first run that starts at once, a hook that keeps the {@code init} resource):
 * a cancel asked for before then is kept and passed on when the future is attached (a
 * volatile write, then a read, on both sides, so one of them sees the other).
 */
final class SchedulerFuture {

	private static final int NO_CANCEL = 0;

	private static final int CANCEL = 1;

	private static final int CANCEL_AND_INTERRUPT = 2;

	private volatile @Nullable ScheduledFuture<?> future;

	private volatile int cancelRequest = NO_CANCEL;

	/**
	 * Attach the scheduler's future, once {@code schedule} has returned it, and pass on a
	 * cancel asked for meanwhile.
	 * @param future the scheduler's future
	 */
	void attach(ScheduledFuture<?> future) {
		this.future = future;
		int cancelRequest = this.cancelRequest;
		if (cancelRequest != NO_CANCEL) {
			future.cancel(cancelRequest == CANCEL_AND_INTERRUPT);
		}
	}

	/**
	 * The scheduler's future.
	 * @return the future, or {@code null} while {@code schedule} has not returned it
	 */
	@Nullable ScheduledFuture<?> get() {
		return this.future;
	}

	/**
	 * Ask for a cancel (without interrupt) if none was asked for: passed on when the
	 * future is attached.
	 */
	void requestCancel() {
		if (this.cancelRequest == NO_CANCEL) {
			this.cancelRequest = CANCEL;
		}
	}

	/**
	 * {@link ScheduledFuture#cancel(boolean)}: before the future is attached, the cancel
	 * is kept for it and succeeds (only a first run that starts before {@code schedule}
	 * has returned can see the task then: it is running).
	 * @param mayInterruptIfRunning whether to interrupt a run in progress
	 * @return whether it was cancelled
	 */
	boolean cancel(boolean mayInterruptIfRunning) {
		ScheduledFuture<?> future = this.future;
		if (future != null) {
			return future.cancel(mayInterruptIfRunning);
		}
		this.cancelRequest = mayInterruptIfRunning ? CANCEL_AND_INTERRUPT : CANCEL;
		future = this.future;
		return (future == null) || future.cancel(mayInterruptIfRunning);
	}

	boolean isCancelled() {
		ScheduledFuture<?> future = this.future;
		return (future != null) ? future.isCancelled() : this.cancelRequest != NO_CANCEL;
	}

	boolean isDone() {
		ScheduledFuture<?> future = this.future;
		return (future != null) ? future.isDone() : this.cancelRequest != NO_CANCEL;
	}

	/**
	 * The future, for {@code get}: it is missing only while {@code schedule} is returning
	 * it on another thread.
	 * @return the future
	 * @throws CancellationException if it was cancelled before it was attached
	 */
	ScheduledFuture<?> await() {
		ScheduledFuture<?> future;
		while ((future = this.future) == null) {
			if (this.cancelRequest != NO_CANCEL) {
				throw new CancellationException();
			}
			Thread.onSpinWait();
		}
		return future;
	}

	long getDelay(TimeUnit unit) {
		ScheduledFuture<?> future = this.future;
		return (future != null) ? future.getDelay(unit) : 0;
	}

	/**
	 * {@link Delayed#compareTo} for the task that holds this future.
	 * @param task the task
	 * @param other what it is compared with
	 * @param otherFuture the scheduler's future of {@code other} when it is a task of the
	 * same kind, compared in its place
	 * @return the comparison
	 */
	int compareTo(Delayed task, Delayed other, @Nullable SchedulerFuture otherFuture) {
		if (other == task) {
			return 0;
		}
		ScheduledFuture<?> future = this.future;
		ScheduledFuture<?> otherScheduled = (otherFuture != null) ? otherFuture.get() : null;
		Delayed target = (otherScheduled != null) ? otherScheduled : other;
		return (future != null) ? future.compareTo(target)
				: Long.compare(task.getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
	}

}
