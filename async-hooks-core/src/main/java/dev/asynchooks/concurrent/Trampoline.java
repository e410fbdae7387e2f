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
 * <p>
 * The queue holds pairs (the future, its taken reaction stack) rather than a function
 * object per future: a chain allocates no more than its stages.
 */
final class Trampoline {

	private static final ThreadLocal<Trampoline> current = ThreadLocal.withInitial(Trampoline::new);

	private boolean draining;

	// pairs: a future, then the reaction stack taken from it
	private @Nullable ArrayDeque<Object> queue;

	private Trampoline() {
	}

	/**
	 * Run the reactions {@code head} taken from {@code future} now if no drain runs on
	 * this thread, else when the reaction running now has returned.
	 */
	static void schedule(TrackedCompletableFuture<?> future, ReactionStack.Node head) {
		Trampoline trampoline = current.get();
		if (!trampoline.draining) {
			trampoline.drain(null, future, head);
			return;
		}
		ArrayDeque<Object> queue = trampoline.queue;
		if (queue == null) {
			queue = new ArrayDeque<>();
			trampoline.queue = queue;
		}
		queue.add(future);
		queue.add(head);
	}

	/** Run the reactions {@code head} taken from {@code future}, and all they queue. */
	static void drain(TrackedCompletableFuture<?> future, ReactionStack.Node head) {
		current.get().drain(null, future, head);
	}

	/** Run {@code first} and everything it queues before returning. */
	static void drain(Runnable first) {
		current.get().drain(first, null, null);
	}

	private void drain(@Nullable Runnable first, @Nullable TrackedCompletableFuture<?> future,
			ReactionStack.@Nullable Node head) {
		boolean outerDraining = this.draining;
		ArrayDeque<Object> outerQueue = this.queue;
		this.draining = true;
		this.queue = null;
		Throwable failure = null;
		try {
			if (first != null) {
				try {
					first.run();
				}
				catch (Throwable ex) {
					failure = ex;
				}
			}
			ArrayDeque<Object> queue;
			while (future != null || ((queue = this.queue) != null
					&& (future = (TrackedCompletableFuture<?>) queue.poll()) != null)) {
				if (head == null) {
					head = (ReactionStack.Node) this.queue.poll();
				}
				try {
					future.runReactions(head);
				}
				catch (Throwable ex) {
					// reactions catch what functions throw: this is an Error, but the
					// queued reactions must still run or their futures never complete
					if (failure == null) {
						failure = ex;
					}
				}
				future = null;
				head = null;
			}
		}
		finally {
			this.draining = outerDraining;
			this.queue = outerQueue;
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
