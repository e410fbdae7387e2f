package dev.asynchooks.internal;

import org.jspecify.annotations.Nullable;

/**
 * The thread-local values that resources carry beside their storage context: those of the
 * {@code ThreadLocalAccessor}s registered in Micrometer's {@code ContextRegistry} (the
 * current Observation and span, a security context, the MDC), captured when a resource is
 * created and made current around each of its runs by {@link ThreadState}.
 * <p>
 * Micrometer context-propagation is optional: without it on the class path (or with
 * propagation switched off) {@link #capture()} returns {@code null} after one
 * {@code static final} test, and the class that talks to it is never loaded.
 */
public final class ThreadLocalPropagation {

	/** The system property that switches the propagation off when {@code false}. */
	public static final String PROPERTY = "asynchooks.propagation.thread-local-accessors";

	/**
	 * The key under which the {@code AsyncLocalStorage} context itself is registered as a
	 * {@code ThreadLocalAccessor}: resources carry it already, so their capture skips it.
	 */
	public static final String STORAGE_ACCESSOR_KEY = "dev.asynchooks.AsyncLocalStorage";

	private static final boolean AVAILABLE = detect();

	private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());

	private ThreadLocalPropagation() {
	}

	private static boolean detect() {
		try {
			Class.forName("io.micrometer.context.ContextRegistry", false,
					ThreadLocalPropagation.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Whether Micrometer context-propagation is on the class path.
	 * @return whether thread-local accessors can be carried at all
	 */
	public static boolean isAvailable() {
		return AVAILABLE;
	}

	public static boolean isEnabled() {
		return enabled;
	}

	public static void setEnabled(boolean enabled) {
		ThreadLocalPropagation.enabled = enabled;
	}

	/**
	 * The values of the registered accessors on this thread, for a resource created now.
	 * @return what {@link ThreadState#enter} makes current again, or {@code null} when
	 * there is nothing to carry
	 */
	public static @Nullable Object @Nullable [] capture() {
		if (!AVAILABLE || !enabled) {
			return null;
		}
		return RegisteredThreadLocals.capture();
	}

	static @Nullable Object[] enter(@Nullable Object[] captured, @Nullable Object @Nullable [] saved) {
		return RegisteredThreadLocals.enter(captured, saved);
	}

	static void restore(@Nullable Object[] saved) {
		RegisteredThreadLocals.restore(saved);
	}

}
