package dev.asynchooks.internal;

import java.lang.System.Logger.Level;
import java.util.List;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Captures and restores the values of the {@link ThreadLocalAccessor}s registered in
 * {@link ContextRegistry#getInstance()}, for {@link ThreadLocalPropagation}. Loaded only
 * when Micrometer context-propagation is on the class path.
 * <p>
 * A capture is an array of accessor and value pairs, read from the registry each time
 * (accessors registered later are picked up), or {@link #RESET_ALL} when no accessor had
 * a value. As in Micrometer's snapshots, a {@code null} value means "reset"
 * ({@link ThreadLocalAccessor#setValue()}); an accessor that has no value on the
 * capturing thread nor on the running thread is not touched at all. What a run replaced
 * is saved as pairs of accessor and previous value, and restored in reverse order with
 * {@code restore(previous)}, or {@code restore()} where the thread had none. An accessor
 * that throws is skipped, with one warning for the whole JVM: the task still runs.
 * <p>
 * Where the engine's own class loader sees Micrometer, {@link ThreadLocalPropagation}
 * calls the static methods. Where it does not (the agent puts the engine on the bootstrap
 * class path), the same class file is defined again in a class loader that does, and used
 * through {@link ThreadLocalCarrier}: it names nothing of this package but that interface
 * (the storage key is a constant, copied in at compile time), and it is public for that
 * loader.
 */
public final class RegisteredThreadLocals implements ThreadLocalCarrier {

	// no accessor had a value where the resource was created: reset the ones that have
	// one where it runs
	static final Object[] RESET_ALL = new Object[0];

	private static final System.Logger logger = System.getLogger("dev.asynchooks");

	private static volatile boolean warned;

	/**
	 * A carrier for {@link ThreadLocalPropagation#bind}, in a class loader that sees
	 * Micrometer: the registry is initialized before the carrier is used, so that the
	 * accessors its initialization loads never see a carrier half made.
	 */
	public RegisteredThreadLocals() {
		ContextRegistry.getInstance();
	}

	@Override
	public @Nullable Object @Nullable [] capture() {
		return captureValues();
	}

	@Override
	public @Nullable Object @Nullable [] enter(@Nullable Object[] captured, @Nullable Object @Nullable [] saved) {
		return enterValues(captured, saved);
	}

	@Override
	public void restore(@Nullable Object[] saved) {
		restoreValues(saved);
	}

	static @Nullable Object @Nullable [] captureValues() {
		List<ThreadLocalAccessor<?>> accessors = ContextRegistry.getInstance().getThreadLocalAccessors();
		int size = accessors.size();
		if (size == 0) {
			return null;
		}
		@Nullable Object[] captured = null;
		boolean any = false;
		int next = 0;
		for (int i = 0; i < size; i++) {
			ThreadLocalAccessor<?> accessor = accessor(accessors, i);
			if (accessor == null) {
				break;
			}
			if (isStorage(accessor)) {
				continue;
			}
			any = true;
			Object value;
			try {
				value = accessor.getValue();
			}
			catch (Throwable ex) {
				warn(accessor, ex);
				continue;
			}
			if (value == null) {
				continue;
			}
			if (captured == null) {
				captured = new Object[(size - i) * 2];
			}
			captured[next++] = accessor;
			captured[next++] = value;
		}
		if (captured != null) {
			// accessors without a value where it was created are reset where it runs
			return appendNullValues(captured, next, accessors, size);
		}
		return any ? RESET_ALL : null;
	}

	// the accessors that had no value, with null, so that the run resets them
	private static @Nullable Object[] appendNullValues(@Nullable Object[] captured, int next,
			List<ThreadLocalAccessor<?>> accessors, int size) {
		int pairs = next / 2;
		int others = 0;
		for (int i = 0; i < size; i++) {
			ThreadLocalAccessor<?> accessor = accessor(accessors, i);
			if (accessor != null && !isStorage(accessor) && !contains(captured, next, accessor)) {
				others++;
			}
		}
		if (others == 0 && next == captured.length) {
			return captured;
		}
		@Nullable Object[] result = new Object[(pairs + others) * 2];
		System.arraycopy(captured, 0, result, 0, next);
		int at = next;
		for (int i = 0; i < size && at < result.length; i++) {
			ThreadLocalAccessor<?> accessor = accessor(accessors, i);
			if (accessor != null && !isStorage(accessor) && !contains(captured, next, accessor)) {
				result[at] = accessor;
				at += 2;
			}
		}
		return result;
	}

	private static boolean contains(@Nullable Object[] captured, int next, ThreadLocalAccessor<?> accessor) {
		for (int i = 0; i < next; i += 2) {
			if (captured[i] == accessor) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable ThreadLocalAccessor<?> accessor(List<ThreadLocalAccessor<?>> accessors, int index) {
		try {
			return accessors.get(index);
		}
		catch (IndexOutOfBoundsException ex) {
			// removed while this capture ran
			return null;
		}
	}

	private static boolean isStorage(ThreadLocalAccessor<?> accessor) {
		return ThreadLocalPropagation.STORAGE_ACCESSOR_KEY.equals(accessor.key());
	}

	/**
	 * Make captured values current.
	 * @param captured a capture
	 * @param saved the array to save the previous values in, or {@code null}
	 * @return the array holding what was replaced, as accessor and previous value pairs
	 * ending with a {@code null} accessor or the array's end, or {@code null} when
	 * nothing was replaced and {@code saved} was {@code null}
	 */
	static @Nullable Object @Nullable [] enterValues(@Nullable Object[] captured, @Nullable Object @Nullable [] saved) {
		if (captured == RESET_ALL) {
			return resetAll(saved);
		}
		int next = 0;
		for (int i = 0; i < captured.length; i += 2) {
			ThreadLocalAccessor<?> accessor = (ThreadLocalAccessor<?>) captured[i];
			Object value = captured[i + 1];
			Object previous;
			try {
				previous = accessor.getValue();
			}
			catch (Throwable ex) {
				warn(accessor, ex);
				continue;
			}
			if (value == null && previous == null) {
				continue;
			}
			if (saved == null || next + 2 > saved.length) {
				saved = grow(saved, captured.length);
			}
			saved[next++] = accessor;
			saved[next++] = previous;
			set(accessor, value);
		}
		return saved;
	}

	private static @Nullable Object @Nullable [] resetAll(@Nullable Object @Nullable [] saved) {
		List<ThreadLocalAccessor<?>> accessors = ContextRegistry.getInstance().getThreadLocalAccessors();
		int size = accessors.size();
		int next = 0;
		for (int i = 0; i < size; i++) {
			ThreadLocalAccessor<?> accessor = accessor(accessors, i);
			if (accessor == null) {
				break;
			}
			if (isStorage(accessor)) {
				continue;
			}
			Object previous;
			try {
				previous = accessor.getValue();
			}
			catch (Throwable ex) {
				warn(accessor, ex);
				continue;
			}
			if (previous == null) {
				continue;
			}
			if (saved == null || next + 2 > saved.length) {
				saved = grow(saved, size * 2);
			}
			saved[next++] = accessor;
			saved[next++] = previous;
			set(accessor, null);
		}
		return saved;
	}

	private static @Nullable Object[] grow(@Nullable Object @Nullable [] saved, int length) {
		if (saved == null) {
			return new Object[Math.max(2, length)];
		}
		@Nullable Object[] grown = new Object[Math.max(saved.length * 2, length)];
		System.arraycopy(saved, 0, grown, 0, saved.length);
		return grown;
	}

	@SuppressWarnings("unchecked")
	private static void set(ThreadLocalAccessor<?> accessor, @Nullable Object value) {
		try {
			if (value != null) {
				((ThreadLocalAccessor<Object>) accessor).setValue(value);
			}
			else {
				accessor.setValue();
			}
		}
		catch (Throwable ex) {
			warn(accessor, ex);
		}
	}

	/**
	 * Restore what {@link #enterValues} replaced, in reverse order, and clear the array
	 * for the next run at its depth.
	 * @param saved the array returned by {@code enter}
	 */
	@SuppressWarnings("unchecked")
	static void restoreValues(@Nullable Object[] saved) {
		int end = 0;
		while (end < saved.length && saved[end] != null) {
			end += 2;
		}
		for (int i = end - 2; i >= 0; i -= 2) {
			ThreadLocalAccessor<Object> accessor = (ThreadLocalAccessor<Object>) saved[i];
			Object previous = saved[i + 1];
			saved[i] = null;
			saved[i + 1] = null;
			try {
				if (previous != null) {
					accessor.restore(previous);
				}
				else {
					accessor.restore();
				}
			}
			catch (Throwable ex) {
				warn(accessor, ex);
			}
		}
	}

	private static void warn(ThreadLocalAccessor<?> accessor, Throwable ex) {
		if (!warned) {
			warned = true;
			logger.log(Level.WARNING, "ThreadLocalAccessor " + accessor.getClass().getName()
					+ " threw; its value is not carried where it failed (warned once)", ex);
		}
	}

}
