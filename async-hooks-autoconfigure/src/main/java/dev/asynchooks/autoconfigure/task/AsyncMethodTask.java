package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The task that runs an {@code @Async} invocation, as handed to the executor: it runs
 * Spring's whole task in the invocation's resource (the method body, and for a
 * {@code void} method the {@code AsyncUncaughtExceptionHandler} that Spring calls when it
 * throws) and destroys the resource afterwards; when the executor cancels it unrun (at
 * shutdown) the invocation's resource is destroyed.
 */
final class AsyncMethodTask implements Runnable, Future<@Nullable Object> {

	private final RunnableFuture<?> task;

	private final AsyncMethodInvocation invocation;

	AsyncMethodTask(RunnableFuture<?> task, AsyncMethodInvocation invocation) {
		this.task = task;
		this.invocation = invocation;
	}

	@Override
	public void run() {
		this.invocation.run(this.task);
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.task.cancel(mayInterruptIfRunning);
		if (cancelled) {
			// destroyed here only if the body never entered it; otherwise after its run
			this.invocation.cancelled();
		}
		return cancelled;
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
	public @Nullable Object get() throws InterruptedException, ExecutionException {
		return this.task.get();
	}

	@Override
	public @Nullable Object get(long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.task.get(timeout, unit);
	}

	@Override
	public String toString() {
		return this.task.toString();
	}

}
