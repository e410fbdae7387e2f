package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * An {@link Executor} that turns each task into an {@code EXECUTOR_TASK} resource before
 * handing it to the delegate. Made by {@link AsyncExecutors#wrap(Executor)}.
 *
 * @param <E> the type of the delegate
 */
class TrackedExecutor<E extends Executor> implements Executor {

	final E delegate;

	/**
	 * The tasks handed over and not ended yet, kept only where shutdown can drop tasks
	 * without saying which (the scheduled wrapper); {@code null} elsewhere, so the common
	 * path adds nothing per task.
	 */
	final @Nullable Set<TrackedTask> liveTasks;

	TrackedExecutor(E delegate) {
		this(delegate, null);
	}

	TrackedExecutor(E delegate, @Nullable Set<TrackedTask> liveTasks) {
		this.delegate = delegate;
		this.liveTasks = liveTasks;
	}

	/**
	 * The executor that runs the tasks.
	 * @return the wrapped executor
	 */
	final E getDelegate() {
		return this.delegate;
	}

	@Override
	public final void execute(Runnable command) {
		Objects.requireNonNull(command, "'command' must not be null");
		if (command instanceof TrackedTask) {
			// already a resource (a future from submit() or schedule()): one task, one
			// resource, whoever runs it
			this.delegate.execute(command);
			return;
		}
		dispatch(new TrackedRunnable(command, this.liveTasks));
	}

	/**
	 * Hand a new task to the delegate; if the delegate throws (a
	 * {@code RejectedExecutionException}), the task ends and the exception reaches the
	 * caller.
	 * @param <T> the type of the task
	 * @param task the task, just created
	 * @return the task
	 */
	final <T extends TrackedTask & Runnable> T dispatch(T task) {
		if (this.liveTasks != null) {
			this.liveTasks.add(task);
		}
		try {
			this.delegate.execute(task);
		}
		catch (RuntimeException ex) {
			task.end();
			throw ex;
		}
		accepted(task);
		return task;
	}

	/**
	 * Called when the delegate has accepted a new task.
	 * @param task the task
	 */
	void accepted(TrackedTask task) {
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.delegate + "]";
	}

}
