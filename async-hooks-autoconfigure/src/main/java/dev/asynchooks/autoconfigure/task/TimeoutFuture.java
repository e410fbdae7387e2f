package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The future a scheduler returned for a {@link ScheduledTimeout}: it behaves as the
 * scheduler's own, and a successful {@code cancel} ends the registration.
 */
final class TimeoutFuture implements ScheduledFuture<@Nullable Object> {

	private final ScheduledFuture<?> future;

	private final ScheduledTimeout timeout;

	TimeoutFuture(ScheduledFuture<?> future, ScheduledTimeout timeout) {
		this.future = future;
		this.timeout = timeout;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.future.cancel(mayInterruptIfRunning);
		if (cancelled) {
			this.timeout.finish();
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
	public @Nullable Object get() throws InterruptedException, ExecutionException {
		return this.future.get();
	}

	@Override
	public @Nullable Object get(long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.future.get(timeout, unit);
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return this.future.getDelay(unit);
	}

	@Override
	public int compareTo(Delayed other) {
		return this.future.compareTo((other instanceof TimeoutFuture timeoutFuture) ? timeoutFuture.future : other);
	}

	@Override
	public String toString() {
		return this.future.toString();
	}

}
