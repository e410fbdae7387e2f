package dev.asynchooks.concurrent;

import dev.asynchooks.internal.ThreadState;

/**
 * A resource the agent keeps beside a JDK object it cannot wrap (a started
 * {@code Thread}, a forked {@code ForkJoinTask}): created with that object as the
 * resource, run by advice that enters and leaves its scope around the object's own run,
 * ended by advice in the object's {@code cancel}. The same state machine as every task of
 * the core: at most one {@code destroy}, never between a {@code before} and its
 * {@code after}.
 */
final class AgentTask extends TrackedTask {

	// the depth of the one run's scope, between begin() and finish() on the running
	// thread
	private int depth;

	AgentTask(String type, Object resource) {
		super(type, resource, resource);
	}

	/**
	 * Claim the one run and enter the scope.
	 * @return {@code true} if the caller must call {@link #finish()} on this thread;
	 * {@code false} when the task has ended or runs already
	 */
	boolean begin() {
		if (!startRun()) {
			return false;
		}
		this.depth = enterScope(ThreadState.current());
		return true;
	}

	/**
	 * Leave the scope entered by {@link #begin()} and end the task.
	 */
	void finish() {
		ThreadState state = ThreadState.current();
		try {
			exitScope(state, this.depth);
		}
		finally {
			endRun(state, true);
		}
	}

}
