package dev.asynchooks.internal;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ThreadLocalPropagation} asks of {@link RegisteredThreadLocals} when that
 * class is defined in another class loader than the engine's (see
 * {@link ThreadLocalPropagation#bind}): public, because a class of another loader is in
 * another runtime package.
 */
public interface ThreadLocalCarrier {

	/**
	 * The values of the registered accessors on this thread.
	 * @return a capture, or {@code null} when there is nothing to carry
	 */
	@Nullable Object @Nullable [] capture();

	/**
	 * Make captured values current.
	 * @param captured a capture of this carrier
	 * @param saved the array to save the previous values in, or {@code null}
	 * @return the array holding what was replaced
	 */
	@Nullable Object @Nullable [] enter(@Nullable Object[] captured, @Nullable Object @Nullable [] saved);

	/**
	 * Restore what {@link #enter} replaced.
	 * @param saved the array returned by {@code enter}
	 */
	void restore(@Nullable Object[] saved);

}
