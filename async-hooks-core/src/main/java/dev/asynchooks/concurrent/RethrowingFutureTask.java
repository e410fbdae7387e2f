package dev.asynchooks.concurrent;

import java.util.concurrent.FutureTask;

import org.jspecify.annotations.Nullable;

/**
 * A {@link FutureTask} for a {@code Runnable} handed to {@code execute}: it keeps the
 * outcome for whoever holds it as a future, and what the runnable throws also leaves
 * {@link #run()}, so that it reaches the worker's uncaught-exception handler as it would
 * unwrapped.
 */
final class RethrowingFutureTask extends FutureTask<@Nullable Void> {

	RethrowingFutureTask(Runnable task) {
		super(task, null);
	}

	@Override
	protected void setException(Throwable ex) {
		super.setException(ex);
		// a Runnable throws only unchecked exceptions
		if (ex instanceof RuntimeException runtimeException) {
			throw runtimeException;
		}
		if (ex instanceof Error error) {
			throw error;
		}
	}

}
