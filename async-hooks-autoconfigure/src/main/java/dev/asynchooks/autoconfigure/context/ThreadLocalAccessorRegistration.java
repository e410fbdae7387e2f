package dev.asynchooks.autoconfigure.context;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers a {@link ThreadLocalAccessor} with the global {@link ContextRegistry} while
 * at least one application context that wants it runs, unless an accessor is registered
 * under its key already (by the application, or through the
 * {@link java.util.ServiceLoader}): never twice, and only the one registered here is
 * removed, when the last context that wanted it closes.
 */
final class ThreadLocalAccessorRegistration implements InitializingBean, DisposableBean {

	// per key, how many running contexts count on the accessor registered here
	private static final Map<Object, Integer> registrations = new HashMap<>();

	private final Object key;

	private final Supplier<ThreadLocalAccessor<?>> accessor;

	// keys of accessors that carry the same thing: with one of them registered, this one
	// is not
	private final Set<Object> alternatives;

	private boolean counted;

	ThreadLocalAccessorRegistration(Object key, Supplier<ThreadLocalAccessor<?>> accessor, Object... alternatives) {
		this.key = key;
		this.accessor = accessor;
		this.alternatives = Set.of(alternatives);
	}

	@Override
	public void afterPropertiesSet() {
		synchronized (registrations) {
			if (isAlternativeRegistered()) {
				return;
			}
			Integer count = registrations.get(this.key);
			if (count != null) {
				registrations.put(this.key, count + 1);
				this.counted = true;
			}
			else if (!isRegistered()) {
				ContextRegistry.getInstance().registerThreadLocalAccessor(this.accessor.get());
				registrations.put(this.key, 1);
				this.counted = true;
			}
		}
	}

	private boolean isRegistered() {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.anyMatch((candidate) -> this.key.equals(candidate.key()));
	}

	private boolean isAlternativeRegistered() {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.anyMatch((candidate) -> this.alternatives.contains(candidate.key()));
	}

	/**
	 * Whether this registration counts on the accessor registered under its key.
	 * @return {@code false} when another accessor was registered already
	 */
	boolean isCounted() {
		synchronized (registrations) {
			return this.counted;
		}
	}

	@Override
	public void destroy() {
		synchronized (registrations) {
			if (!this.counted) {
				return;
			}
			this.counted = false;
			int count = registrations.get(this.key) - 1;
			if (count == 0) {
				registrations.remove(this.key);
				ContextRegistry.getInstance().removeThreadLocalAccessor(this.key);
			}
			else {
				registrations.put(this.key, count);
			}
		}
	}

}
