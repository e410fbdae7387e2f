package dev.asynchooks.autoconfigure.context;

import java.util.Map;

import dev.asynchooks.autoconfigure.logging.MdcHookCallbacks;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A {@link ThreadLocalAccessor} for the whole SLF4J {@link MDC}: a copy of the map is the
 * value, set with {@link MDC#setContextMap(Map)}. The execution ids that
 * {@link MdcHookCallbacks} puts in the MDC while a resource runs are left out (each run
 * sets its own), and an MDC without other entries has no value, so that resources created
 * where the MDC holds nothing of the application's carry nothing. Like Micrometer's
 * {@code Slf4jThreadLocalAccessor}, but under its own key.
 *
 * @since 0.1.0
 */
public class MdcThreadLocalAccessor implements ThreadLocalAccessor<Map<String, String>> {

	/**
	 * The key this accessor is registered under.
	 */
	public static final String KEY = "async-hooks.mdc";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	@SuppressWarnings("NullAway") // null when the MDC holds nothing to carry
	public @Nullable Map<String, String> getValue() {
		Map<String, String> map = MDC.getCopyOfContextMap();
		if (map == null || map.isEmpty()) {
			return null;
		}
		map.remove(MdcHookCallbacks.ASYNC_ID);
		map.remove(MdcHookCallbacks.TRIGGER_ASYNC_ID);
		return map.isEmpty() ? null : map;
	}

	@Override
	public void setValue(Map<String, String> value) {
		MDC.setContextMap(value);
	}

	@Override
	public void setValue() {
		MDC.clear();
	}

}
