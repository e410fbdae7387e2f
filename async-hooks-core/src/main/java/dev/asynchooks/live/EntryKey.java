package dev.asynchooks.live;

import org.jspecify.annotations.Nullable;

/**
 * A key of the map of tracked resources: equal when the ids are. The entries are their
 * own keys, and a thread looks an id up with its reusable {@link ThreadProbe}, so that
 * {@code before}, {@code after} and {@code destroy} do not box the id.
 */
abstract class EntryKey {

	abstract long asyncId();

	@Override
	public final boolean equals(@Nullable Object other) {
		return other instanceof EntryKey key && key.asyncId() == asyncId();
	}

	@Override
	public final int hashCode() {
		return Long.hashCode(asyncId());
	}

}
