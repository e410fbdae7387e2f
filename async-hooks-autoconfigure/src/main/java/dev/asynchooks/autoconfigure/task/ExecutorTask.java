package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * A task handed to a Spring executor: an {@code EXECUTOR_TASK} resource created on the
 * submitting thread, run once in its scope and destroyed after the run. It is a
 * {@link Future} so that an executor that shuts down with the task unrun (Spring cancels
 * the remaining {@code Future}s) destroys it.
 */
final class ExecutorTask extends AsyncResource implements Runnable, Future<@Nullable Void>, DescribedResource {

	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private static final int NEW = 0;

	private static final int RUNNING = 1;

	private static final int DONE = 2;

	private static final int CANCELLED = 3;

	private final Runnable delegate;

	private final AtomicInteger state = new AtomicInteger(NEW);

	private volatile @Nullable Throwable failure;

	ExecutorTask(Runnable delegate) {
		super(ResourceTypes.EXECUTOR_TASK, OPTIONS);
		this.delegate = delegate;
	}

	@Override
	public void run() {
		if (!this.state.compareAndSet(NEW, RUNNING)) {
			return;
		}
		try {
			runInAsyncScope(this.delegate);
		}
		catch (RuntimeException | Error ex) {
			this.failure = ex;
			throw ex;
		}
		finally {
			emitDestroy();
			finish(DONE);
		}
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		if (!this.state.compareAndSet(NEW, CANCELLED)) {
			return false;
		}
		emitDestroy();
		if (this.delegate instanceof Future<?> future) {
			future.cancel(mayInterruptIfRunning);
		}
		finish(CANCELLED);
		return true;
	}

	private void finish(int state) {
		this.state.set(state);
		synchronized (this) {
			notifyAll();
		}
	}

	@Override
	public boolean isCancelled() {
		return this.state.get() == CANCELLED;
	}

	@Override
	public boolean isDone() {
		return this.state.get() >= DONE;
	}

	@Override
	public @Nullable Void get() throws InterruptedException, ExecutionException {
		synchronized (this) {
			while (!isDone()) {
				wait();
			}
		}
		return outcome();
	}

	@Override
	public @Nullable Void get(long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		synchronized (this) {
			while (!isDone()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new TimeoutException();
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
		}
		return outcome();
	}

	private @Nullable Void outcome() throws ExecutionException {
		if (isCancelled()) {
			throw new CancellationException();
		}
		Throwable failure = this.failure;
		if (failure != null) {
			throw new ExecutionException(failure);
		}
		return null;
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		return (this.delegate != null) ? super.toString() + " " + this.delegate : super.toString();
	}

	@Override
	public @Nullable String asyncDescription() {
		Runnable delegate = this.delegate;
		return (delegate != null) ? TaskDescriptions.of(delegate) : null;
	}

}
