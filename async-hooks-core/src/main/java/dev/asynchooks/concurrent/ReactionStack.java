package dev.asynchooks.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * The reactions waiting on a {@link TrackedCompletableFuture}: a lock-free stack, the
 * latest first, in the future's {@code reactions} field, replaced by {@link #COMPLETED}
 * when they are taken to run. A reaction that is no longer live (the first of several
 * sources of an {@code anyOf} or {@code applyToEither} has fired it) is unlinked by
 * {@link #clean}, so that a long-lived incomplete future does not accumulate them.
 */
final class ReactionStack {

	/** The stack once its reactions have been taken to run: a later one runs at once. */
	static final Node COMPLETED = new Node((outcome) -> {
	});

	private static final VarHandle HEAD;

	private static final VarHandle NEXT;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			HEAD = lookup.findVarHandle(TrackedCompletableFuture.class, "reactions", Node.class);
			NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private ReactionStack() {
	}

	/**
	 * Push {@code reaction} unless the stack was taken.
	 * @return {@code false} if the future's reactions were taken already: the caller runs
	 * it
	 */
	static boolean push(TrackedCompletableFuture<?> future, Reaction reaction) {
		Node node = null;
		for (;;) {
			Node head = future.reactions;
			if (head == COMPLETED) {
				return false;
			}
			if (node == null) {
				// a reaction that is a node of its own is pushed once, on one stack
				node = (reaction instanceof Node own) ? own : new Node(reaction);
			}
			node.next = head;
			if (HEAD.compareAndSet(future, head, node)) {
				return true;
			}
		}
	}

	/**
	 * Take the reactions to run; later pushes fail.
	 * @return the stack, or {@code null} if it was empty or taken already
	 */
	static @Nullable Node take(TrackedCompletableFuture<?> future) {
		Node head = (Node) HEAD.getAndSet(future, COMPLETED);
		return (head != COMPLETED) ? head : null;
	}

	/** Run the reactions of a taken stack in the order they were registered. */
	static void runInOrder(Node head, Object outcome) {
		if (head.next == null) {
			head.reaction.react(outcome);
			return;
		}
		int count = 0;
		for (Node node = head; node != null; node = node.next) {
			count++;
		}
		Reaction[] inOrder = new Reaction[count];
		for (Node node = head; node != null && count > 0; node = node.next) {
			inOrder[--count] = node.reaction;
		}
		for (int i = count; i < inOrder.length; i++) {
			inOrder[i].react(outcome);
		}
	}

	/** The number of reactions waiting, as {@code getNumberOfDependents()} counts. */
	static int count(TrackedCompletableFuture<?> future) {
		int count = 0;
		for (Node node = future.reactions; node != null && node != COMPLETED; node = node.next) {
			count++;
		}
		return count;
	}

	/**
	 * Unlink the reactions that are no longer live. Safe against pushes and other
	 * cleaners: only the head is replaced by a compare-and-set on the future, and an
	 * interior node only by one on its live predecessor; a dead node that a race leaves
	 * behind is harmless (running it does nothing) and goes with the next clean.
	 */
	static void clean(TrackedCompletableFuture<?> future) {
		Node live;
		for (;;) {
			Node head = future.reactions;
			if (head == null || head == COMPLETED) {
				return;
			}
			if (head.reaction.isLive()) {
				live = head;
				break;
			}
			HEAD.compareAndSet(future, head, head.next);
		}
		Node node = (Node) NEXT.getAcquire(live);
		while (node != null) {
			Node next = (Node) NEXT.getAcquire(node);
			if (node.reaction.isLive()) {
				live = node;
				node = next;
			}
			else if (NEXT.compareAndSet(live, node, next)) {
				node = next;
			}
			else {
				node = (Node) NEXT.getAcquire(live);
			}
		}
	}

	/**
	 * One reaction on the stack. A reaction registered on one source only may extend it,
	 * to be its own node (one allocation fewer per stage).
	 */
	static class Node {

		final Reaction reaction;

		// plain: set before the node is published by the compare-and-set of the head;
		// clean() reads and swaps it through NEXT
		@Nullable Node next;

		Node(Reaction reaction) {
			this.reaction = reaction;
		}

		/** A node that is its own reaction. */
		Node() {
			this.reaction = (Reaction) this;
		}

	}

}
