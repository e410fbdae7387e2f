package dev.asynchooks.concurrent;

import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * A {@code Runnable} handed to {@code execute}: one {@code EXECUTOR_TASK}. What the task
 * throws leaves {@link #run()} after {@code after} and {@code destroy}, so it reaches the
 * worker's uncaught-exception handler as it would unwrapped.
 */
final class TrackedRunnable extends TrackedTask implements Runnable {

	private final Runnable task;

	TrackedRunnable(Runnable task, @Nullable LiveTasks liveTasks) {
		super(ResourceTypes.EXECUTOR_TASK, liveTasks, task);
		this.task = task;
	}

	/**
	 * A task reported to hooks as the runnable itself (the agent's {@code execute}).
	 */
	TrackedRunnable(Runnable task) {
		super(ResourceTypes.EXECUTOR_TASK, task, task);
		this.task = task;
	}

	@Override
	public void run() {
		if (!startRun()) {
			this.task.run();
			return;
		}
		runOnce(this.task);
	}

	/**
	 * The runnable given to {@code execute}.
	 * @return the user's task
	 */
	Runnable task() {
		return this.task;
	}

	@Override
	public String toString() {
		return super.toString() + " [" + this.task + "]";
	}

}
