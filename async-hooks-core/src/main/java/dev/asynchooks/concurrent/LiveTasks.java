package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The tasks of one wrapped executor that were handed over and have not ended, for the
 * sweep that ends the ones an executor dropped without a word (see
 * {@code TrackedExecutorService#afterTermination()}).
 * <p>
 * Joining and leaving are on the path of every task while a {@code destroy} hook is
 * enabled (and of every scheduled task), from the submitting thread and the workers at
 * once, so the set is striped by async id: a task joins and leaves one small linked list
 * behind its own lock, with one node object, where a concurrent hash set would hash the
 * task (its first identity hash code), allocate a node, and update a shared size counter
 * from every thread. Only the sweep reads all stripes.
 */
final class LiveTasks {

	private final Stripe[] stripes;

	LiveTasks() {
		int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
		this.stripes = new Stripe[Math.min(count, 64)];
		for (int i = 0; i < this.stripes.length; i++) {
			this.stripes[i] = new Stripe();
		}
	}

	/**
	 * The membership of a new task, not joined yet.
	 * @param task the task, whose async id is set
	 * @return its node
	 */
	Node node(TrackedTask task) {
		return new Node(task, this.stripes[(int) task.asyncId() & (this.stripes.length - 1)]);
	}

	/**
	 * The tasks live now.
	 * @return a copy
	 */
	List<TrackedTask> snapshot() {
		List<TrackedTask> tasks = new ArrayList<>();
		for (Stripe stripe : this.stripes) {
			stripe.copyTo(tasks);
		}
		return tasks;
	}

	/** One task's place in the set. */
	static final class Node {

		final @Nullable TrackedTask task;

		private final Stripe stripe;

		// guarded by the stripe; next == this once left
		@Nullable Node previous;

		@Nullable Node next;

		Node(@Nullable TrackedTask task, Stripe stripe) {
			this.task = task;
			this.stripe = stripe;
		}

		void join() {
			this.stripe.add(this);
		}

		void leave() {
			this.stripe.remove(this);
		}

	}

	/** A doubly linked list of nodes behind one lock. */
	static final class Stripe {

		private final Node head = new Node(null, this);

		synchronized void add(Node node) {
			if (node.next == node) {
				return; // left already
			}
			Node first = this.head.next;
			node.previous = this.head;
			node.next = first;
			if (first != null) {
				first.previous = node;
			}
			this.head.next = node;
		}

		synchronized void remove(Node node) {
			Node previous = node.previous;
			Node next = node.next;
			if (previous != null) {
				previous.next = next;
			}
			if (next != null && next != node) {
				next.previous = previous;
			}
			// marked as left, also when it never joined: a late join must not add it
			node.previous = null;
			node.next = node;
		}

		synchronized void copyTo(List<TrackedTask> tasks) {
			for (Node node = this.head.next; node != null; node = node.next) {
				if (node.task != null) {
					tasks.add(node.task);
				}
			}
		}

	}

}
