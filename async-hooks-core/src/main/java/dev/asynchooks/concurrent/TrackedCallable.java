package dev.asynchooks.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * A {@code Callable} handed to {@code invokeAll}/{@code invokeAny}: one
 * {@code EXECUTOR_TASK}, run inside the delegate's own future.
 *
 * @param <V> the type of the value
 */
final class TrackedCallable<V> extends TrackedTask implements Callable<V> {

	private final Callable<V> task;

	TrackedCallable(Callable<V> task, @Nullable LiveTasks liveTasks) {
		super(ResourceTypes.EXECUTOR_TASK, task, liveTasks);
		this.task = task;
	}

	private volatile boolean abandoned;

	/**
	 * The {@code invokeAll}/{@code invokeAny} call that handed the task over has
	 * returned: the delegate has run it, or cancelled it and will discard what it
	 * returns. End it now if it has not started; a worker that still calls it (it passed
	 * the cancelled future's check just before the cancel) then does not run the user's
	 * callable, which would run outside its resource, after its {@code destroy}.
	 */
	void abandon() {
		this.abandoned = true;
		end();
	}

	@Override
	public V call() throws Exception {
		if (!startRun()) {
			if (this.abandoned) {
				throw new CancellationException();
			}
			return this.task.call();
		}
		return callOnce(this.task);
	}

	@Override
	public String toString() {
		return super.toString() + " [" + this.task + "]";
	}

}
