package dev.asynchooks.concurrent;

/**
 * What to do when a {@link TrackedCompletableFuture} completes, given its outcome (see
 * {@link Outcomes}).
 */
@FunctionalInterface
interface Reaction {

	void react(Object outcome);

	/**
	 * Whether running this reaction can still do anything. A reaction that is no longer
	 * live is unlinked from the stacks it waits on ({@link ReactionStack#clean}), as
	 * {@code CompletableFuture} unlinks its dead completions.
	 * @return {@code true} unless overridden
	 */
	default boolean isLive() {
		return true;
	}

}
