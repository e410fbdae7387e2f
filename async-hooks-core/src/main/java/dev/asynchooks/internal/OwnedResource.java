package dev.asynchooks.internal;

import java.util.concurrent.Callable;

import dev.asynchooks.AsyncResource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AsyncResource} whose runs and whose end are decided by a state machine of its
 * own, such as an executor task: it never runs twice at once and is never destroyed
 * during a run. Its owner runs it through {@link Access}, which skips the atomic
 * bookkeeping that {@code runInAsyncScope} needs for resources that anyone may run and
 * destroy at any time (two compare-and-sets per run, one per destroy). Nobody else runs
 * it ({@code runInAsyncScope} throws), and an {@code emitDestroy()} from anyone else
 * becomes {@link #requestEnd()}, so the owner still delivers the one {@code destroy},
 * after the run in progress.
 */
public interface OwnedResource {

	/**
	 * End the resource as its owner would: at once when it is not running, otherwise
	 * after the current run's {@code after}. Idempotent.
	 */
	void requestEnd();

	/**
	 * Whether the resource has ended or its end was requested.
	 * @return {@code true} once {@link #requestEnd()} or the owner has ended it
	 */
	boolean isEndRequested();

	/**
	 * How the owner of an {@link OwnedResource} runs and destroys it; installed by
	 * {@link AsyncResource}, whose members it needs.
	 */
	abstract class Access {

		private static @Nullable Access instance;

		protected Access() {
		}

		public static void install(Access access) {
			if (instance != null) {
				throw new IllegalStateException("Owned resource access is already installed");
			}
			instance = access;
		}

		/**
		 * The installed access; {@code AsyncResource} is initialized before any owned
		 * resource exists, so this is set by then.
		 * @return the access
		 */
		public static Access get() {
			Access access = instance;
			if (access == null) {
				throw new IllegalStateException("AsyncResource is not initialized");
			}
			return access;
		}

		/**
		 * Run {@code fn} in the resource's scope: frame, {@code before}, call,
		 * {@code after}, pop.
		 * @param resource the resource, an {@link OwnedResource}
		 * @param state the current thread's state
		 * @param fn the function
		 */
		public abstract void run(AsyncResource resource, ThreadState state, Runnable fn);

		/**
		 * Call {@code fn} in the resource's scope.
		 * @param <T> the type of the value
		 * @param resource the resource, an {@link OwnedResource}
		 * @param state the current thread's state
		 * @param fn the function
		 * @return the function's value
		 * @throws Exception what the function throws
		 */
		public abstract <T> T call(AsyncResource resource, ThreadState state, Callable<T> fn) throws Exception;

		/**
		 * Enter the resource's scope: push its frame and emit {@code before}. For owners
		 * that run code in the scope without a function object; {@link #exit} must follow
		 * in a {@code finally} block on the same thread.
		 * @param resource the resource, an {@link OwnedResource}
		 * @param state the current thread's state
		 * @return the depth to give to {@link #exit}
		 */
		public abstract int enter(AsyncResource resource, ThreadState state);

		/**
		 * Leave the resource's scope entered with {@link #enter}: emit {@code after} and
		 * pop its frame, also when a hook throws.
		 * @param resource the resource, an {@link OwnedResource}
		 * @param state the current thread's state
		 * @param depth what {@link #enter} returned
		 */
		public abstract void exit(AsyncResource resource, ThreadState state, int depth);

		/**
		 * Destroy the resource now (the owner has ended it).
		 * @param resource the resource, an {@link OwnedResource}
		 * @param state the current thread's state
		 */
		public abstract void destroy(AsyncResource resource, ThreadState state);

	}

}
