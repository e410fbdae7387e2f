package dev.asynchooks.concurrent;

import java.util.Set;
import java.util.concurrent.Callable;

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

	TrackedCallable(Callable<V> task, @Nullable Set<TrackedTask> liveTasks) {
		super(ResourceTypes.EXECUTOR_TASK, liveTasks);
		this.task = task;
	}

	@Override
	public V call() throws Exception {
		if (!startRun()) {
			return this.task.call();
		}
		try {
			return callInAsyncScope(this.task);
		}
		finally {
			endRun(true);
		}
	}

	@Override
	public String toString() {
		return super.toString() + " [" + this.task + "]";
	}

}
