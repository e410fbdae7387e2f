package dev.asynchooks.concurrent;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Runs the reactions of {@link TrackedCompletableFuture}s on each thread: a future
 * completed by a reaction queues its own reactions behind the ones running, so a chain of
 * any length runs in a loop rather than a recursion, in the order Node runs its
 * microtasks. Code that is not a reaction (a {@code complete()} call, an executor task, a
 * foreign future's callback) starts a drain of its own, which returns only once
 * everything it made runnable has run, as {@code CompletableFuture.complete()} does: a
 * caller may block on a dependent right after completing its source.
 */
final class Trampoline {

	private static final ThreadLocal<Trampoline> current = ThreadLocal.withInitial(Trampoline::new);

	private boolean draining;

	private @Nullable ArrayDeque<Runnable> queue;

	private Trampoline() {
	}

	/**
	 * Run {@code reactions} now if no drain runs on this thread, else when the reaction
	 * running now has returned.
	 */
	static void schedule(Runnable reactions) {
		Trampoline trampoline = current.get();
		if (!trampoline.draining) {
			drain(reactions);
			return;
		}
		if (trampoline.queue == null) {
			trampoline.queue = new ArrayDeque<>();
		}
		trampoline.queue.add(reactions);
	}

	/** Run {@code first} and everything it queues before returning. */
	static void drain(Runnable first) {
		Trampoline trampoline = current.get();
		boolean outerDraining = trampoline.draining;
		ArrayDeque<Runnable> outerQueue = trampoline.queue;
		trampoline.draining = true;
		trampoline.queue = null;
		Throwable failure = null;
		try {
			Runnable next = first;
			ArrayDeque<Runnable> queue;
			do {
				try {
					next.run();
				}
				catch (Throwable ex) {
					// reactions catch what functions throw: this is an Error, but the
					// queued reactions must still run or their futures never complete
					if (failure == null) {
						failure = ex;
					}
				}
			}
			while ((queue = trampoline.queue) != null && (next = queue.poll()) != null);
		}
		finally {
			trampoline.draining = outerDraining;
			trampoline.queue = outerQueue;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure instanceof RuntimeException runtimeException) {
			throw runtimeException;
		}
		if (failure != null) {
			throw new IllegalStateException(failure);
		}
	}

	/** A function handed to an executor: it runs in a drain of its own. */
	static final class Task implements Runnable, CompletableFuture.AsynchronousCompletionTask {

		private final Runnable action;

		Task(Runnable action) {
			this.action = action;
		}

		@Override
		public void run() {
			drain(this.action);
		}

	}

}
