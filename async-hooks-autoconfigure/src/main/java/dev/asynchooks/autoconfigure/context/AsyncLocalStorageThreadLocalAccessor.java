package dev.asynchooks.autoconfigure.context;

import dev.asynchooks.AsyncLocalStorage;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * A {@link ThreadLocalAccessor} for the whole {@link AsyncLocalStorage} context (every
 * storage's store at once), so that Micrometer's {@code ContextSnapshot}, Reactor's
 * automatic context propagation and Micrometer {@code Observation}s carry the stores
 * where async-hooks' own resources do not reach. Capturing and restoring the context
 * creates no resource and delivers no hook event.
 *
 * @since 0.1.0
 */
public class AsyncLocalStorageThreadLocalAccessor implements ThreadLocalAccessor<Object> {

	/**
	 * The key this accessor is registered under.
	 */
	public static final String KEY = "dev.asynchooks.AsyncLocalStorage";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	@SuppressWarnings("NullAway") // null when no store is set: nothing to propagate
	public Object getValue() {
		return AsyncLocalStorage.captureContext();
	}

	@Override
	public void setValue(Object value) {
		AsyncLocalStorage.enterContext(value);
	}

	@Override
	public void setValue() {
		AsyncLocalStorage.enterContext(null);
	}

	@Override
	public void restore(Object previousValue) {
		AsyncLocalStorage.enterContext(previousValue);
	}

	@Override
	public void restore() {
		AsyncLocalStorage.enterContext(null);
	}

}
