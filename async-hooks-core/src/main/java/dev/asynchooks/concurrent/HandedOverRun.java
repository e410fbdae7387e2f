package dev.asynchooks.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future an executor made of a {@link DeferredTask}'s work (a {@code FutureTask} from
 * {@code submit}), as the executor is given it instead: the executor's future runs as the
 * task's one run, and a successful {@link #cancel(boolean)} (an executor cancels what it
 * drops at shutdown) ends the task.
 *
 * @param <V> the type of the value
 */
final class HandedOverRun<V> implements RunnableFuture<V> {

	private final DeferredTask task;

	private final RunnableFuture<V> future;

	HandedOverRun(DeferredTask task, RunnableFuture<V> future) {
		this.task = task;
		this.future = future;
	}

	@Override
	public void run() {
		this.task.run(this.future);
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.future.cancel(mayInterruptIfRunning);
		if (cancelled) {
			// destroyed here if the run has not started, otherwise after it
			this.task.end();
		}
		return cancelled;
	}

	@Override
	public boolean isCancelled() {
		return this.future.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.future.isDone();
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		return this.future.get();
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return this.future.get(timeout, unit);
	}

	@Override
	public String toString() {
		return this.future.toString();
	}

}
