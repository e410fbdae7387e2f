package dev.asynchooks.concurrent;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The stage of {@link TrackedCompletableFuture#minimalCompletionStage()},
 * {@link TrackedCompletableFuture#completedStage(Object)} and
 * {@link TrackedCompletableFuture#failedStage(Throwable)}: only the
 * {@link java.util.concurrent.CompletionStage} methods work, the others throw
 * {@link UnsupportedOperationException}, as with the JDK's minimal stage. Its dependents
 * are minimal stages too.
 */
final class MinimalStage<T> extends TrackedCompletableFuture<T> {

	MinimalStage(long triggerAsyncId) {
		super(triggerAsyncId);
	}

	@Override
	<U> TrackedCompletableFuture<U> newDependent() {
		return new MinimalStage<>(asyncId());
	}

	@Override
	public TrackedCompletableFuture<T> toCompletableFuture() {
		TrackedCompletableFuture<T> future = new TrackedCompletableFuture<>(asyncId());
		relay(this, future);
		return future;
	}

	@Override
	public T get() {
		throw new UnsupportedOperationException();
	}

	@Override
	public T get(long timeout, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public T getNow(T valueIfAbsent) {
		throw new UnsupportedOperationException();
	}

	@Override
	public T join() {
		throw new UnsupportedOperationException();
	}

	// overrides CompletableFuture.resultNow() on JDK 19+
	public T resultNow() {
		throw new UnsupportedOperationException();
	}

	// overrides CompletableFuture.exceptionNow() on JDK 19+
	public Throwable exceptionNow() {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean complete(@Nullable T value) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void obtrudeValue(@Nullable T value) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void obtrudeException(Throwable ex) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean isDone() {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean isCancelled() {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean isCompletedExceptionally() {
		throw new UnsupportedOperationException();
	}

	@Override
	public int getNumberOfDependents() {
		throw new UnsupportedOperationException();
	}

	@Override
	public TrackedCompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
		throw new UnsupportedOperationException();
	}

	@Override
	public TrackedCompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
		throw new UnsupportedOperationException();
	}

	@Override
	public TrackedCompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public TrackedCompletableFuture<T> completeOnTimeout(@Nullable T value, long timeout, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

}
