package dev.asynchooks.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * The future returned by {@code submit} (and by {@link AsyncTasks#task(Runnable)}): one
 * {@code EXECUTOR_TASK}, and the object passed to {@code init}. The work runs in a plain
 * {@link FutureTask} (or another {@link RunnableFuture}), which keeps the result, the
 * exception and the waiters; this class adds the scope around its run and the
 * {@code destroy} on a successful {@link #cancel(boolean)}.
 *
 * @param <V> the type of the value
 */
class TrackedFutureTask<V> extends TrackedTask implements RunnableFuture<V> {

	private final RunnableFuture<V> future;

	TrackedFutureTask(RunnableFuture<V> future, @Nullable LiveTasks liveTasks) {
		super(ResourceTypes.EXECUTOR_TASK, liveTasks);
		this.future = future;
	}

	/**
	 * A task for the user's function {@code task}, whose class identifies where it was
	 * created (see {@code dev.asynchooks.live.CreationSites}).
	 */
	TrackedFutureTask(RunnableFuture<V> future, Object task, @Nullable LiveTasks liveTasks) {
		super(ResourceTypes.EXECUTOR_TASK, liveTasks, task);
		this.future = future;
	}

	@Override
	public final void run() {
		if (!startRun()) {
			// ended unrun (cancelled, or drained by shutdownNow() and run by its caller):
			// FutureTask does nothing once cancelled, and runs as unwrapped otherwise
			this.future.run();
			return;
		}
		runOnce(this.future);
	}

	@Override
	public final boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.future.cancel(mayInterruptIfRunning);
		if (cancelled) {
			end();
		}
		return cancelled;
	}

	/**
	 * Cancel the future as well, so that threads waiting in {@code get()} are not left
	 * waiting forever (a {@code ForkJoinPool} cancels the tasks it drops at
	 * {@code shutdownNow()}; so does this future).
	 */
	@Override
	final void dropped() {
		this.future.cancel(false);
		end();
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
		return super.toString() + " " + this.future;
	}

}
