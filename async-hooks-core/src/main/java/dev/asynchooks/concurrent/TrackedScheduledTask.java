package dev.asynchooks.concurrent;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * A delayed or periodic task of a {@code ScheduledThreadPoolExecutor}, as its
 * {@code decorateTask} sees it: one {@code Timeout} resource for all its runs, made by
 * {@link AsyncTasks#timeout(RunnableScheduledFuture)}. It forwards the future's methods
 * to the executor's task; a successful {@link #cancel(boolean)} destroys it (inside the
 * cancel when it is not running, after the run otherwise), and so does the run after
 * which the executor's task is done (a one-shot task, a periodic one cancelled or
 * failed).
 * <p>
 * The executor's own task may be cancelled without going through this one (a wrapper that
 * holds both, as Spring's {@code ThreadPoolTaskScheduler} does, cancels only the inner
 * one); nothing tells this task then. It is destroyed when the executor takes it from its
 * queue to discard it (a {@code ScheduledThreadPoolExecutor} that does not remove
 * cancelled tasks keeps them until they are due), or when it is garbage-collected,
 * whichever comes first.
 *
 * @param <V> the type of the value
 */
final class TrackedScheduledTask<V> extends TrackedTask implements RunnableScheduledFuture<V> {

	private final RunnableScheduledFuture<V> task;

	TrackedScheduledTask(RunnableScheduledFuture<V> task) {
		this(task, ResourceTypes.TIMEOUT, null);
	}

	/**
	 * A task of another type, or reported as another object: a zero-delay
	 * {@code execute}/{@code submit} is an {@code EXECUTOR_TASK} (seen by the agent).
	 */
	TrackedScheduledTask(RunnableScheduledFuture<V> task, String type, @Nullable Object resource) {
		super(type, AsyncResourceOptions.defaults(), resource, null);
		this.task = task;
	}

	@Override
	public void run() {
		if (this.task.isDone()) {
			// cancelled behind this task's back (see above), and discarded by the
			// executor now that it is due: no run, the end
			end();
			this.task.run();
			return;
		}
		if (!startRun()) {
			// ended: a cancelled task does nothing, any other runs as the executor
			// decided
			this.task.run();
			return;
		}
		ThreadState state = ThreadState.current();
		try {
			runInScope(state, this.task);
		}
		finally {
			endRun(state, !this.task.isPeriodic() || this.task.isDone());
		}
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.task.cancel(mayInterruptIfRunning);
		if (cancelled) {
			end();
		}
		return cancelled;
	}

	@Override
	public boolean isPeriodic() {
		return this.task.isPeriodic();
	}

	@Override
	public boolean isCancelled() {
		return this.task.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.task.isDone();
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		return this.task.get();
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return this.task.get(timeout, unit);
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return this.task.getDelay(unit);
	}

	@Override
	public int compareTo(Delayed other) {
		return this.task.compareTo((other instanceof TrackedScheduledTask<?> tracked) ? tracked.task : other);
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		return (this.task != null) ? super.toString() + " " + this.task : super.toString();
	}

}
