package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import dev.asynchooks.internal.EngineAccess;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Executor} that turns each task into an {@code EXECUTOR_TASK} resource before
 * handing it to the delegate. Made by {@link AsyncExecutors#wrap(Executor)}.
 *
 * @param <E> the type of the delegate
 */
class TrackedExecutor<E extends Executor> implements Executor {

	private static final EngineAccess ENGINE = EngineAccess.get();

	final E delegate;

	/**
	 * The tasks handed over and not ended yet, kept where the executor can drop tasks
	 * without saying which (at shutdown, or by a rejection handler that does not throw):
	 * the executor-service wrappers; {@code null} for a plain executor, which has no
	 * lifecycle to sweep the tasks at.
	 */
	final @Nullable LiveTasks liveTasks;

	TrackedExecutor(E delegate) {
		this(delegate, null);
	}

	TrackedExecutor(E delegate, @Nullable LiveTasks liveTasks) {
		this.delegate = delegate;
		this.liveTasks = liveTasks;
		if (delegate instanceof ThreadPoolExecutor executor && !(delegate instanceof ScheduledThreadPoolExecutor)) {
			TrackedRejectedExecutionHandler.install(executor);
		}
	}

	/**
	 * The set a new task joins when it is handed over, or {@code null}. A task joins it
	 * only while a {@code destroy} hook is enabled: with none, nobody waits for its
	 * {@code destroy}, and the common path adds nothing per task.
	 * @return the set of live tasks, or {@code null}
	 */
	@Nullable LiveTasks liveTasksForNewTask() {
		return (this.liveTasks != null && ENGINE.destroyHooksEnabled()) ? this.liveTasks : null;
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
		dispatch(new TrackedRunnable(command, liveTasksForNewTask()));
	}

	/**
	 * Hand a new task to the delegate; if the delegate throws (a
	 * {@code RejectedExecutionException}, or an {@code Error} such as the
	 * {@code OutOfMemoryError} of a thread that cannot be created), the task ends and the
	 * exception reaches the caller.
	 * @param <T> the type of the task
	 * @param task the task, just created
	 * @return the task
	 */
	final <T extends TrackedTask & Runnable> T dispatch(T task) {
		task.handedOver();
		try {
			this.delegate.execute(task);
		}
		catch (Throwable ex) {
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
