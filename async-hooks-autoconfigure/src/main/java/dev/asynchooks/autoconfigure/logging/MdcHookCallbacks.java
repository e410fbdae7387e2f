package dev.asynchooks.autoconfigure.logging;

import java.util.ArrayDeque;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * {@link HookCallbacks} that put the running resource's ids in the SLF4J {@link MDC}
 * while its callback runs, under {@code asyncId} and {@code triggerAsyncId}, and restore
 * the previous values when it returns, so log lines show where they ran.
 *
 * @since 0.1.0
 */
public class MdcHookCallbacks implements HookCallbacks {

	/**
	 * MDC key of the execution async id.
	 */
	public static final String ASYNC_ID = "asyncId";

	/**
	 * MDC key of the trigger async id.
	 */
	public static final String TRIGGER_ASYNC_ID = "triggerAsyncId";

	// the values each before replaced, restored by its after: before/after pairs nest
	// properly on one thread
	private static final ThreadLocal<ArrayDeque<@Nullable String>> previous = ThreadLocal.withInitial(ArrayDeque::new);

	@Override
	public void before(long asyncId) {
		ArrayDeque<@Nullable String> stack = previous.get();
		stack.push(nullToMarker(MDC.get(TRIGGER_ASYNC_ID)));
		stack.push(nullToMarker(MDC.get(ASYNC_ID)));
		MDC.put(ASYNC_ID, Long.toString(asyncId));
		MDC.put(TRIGGER_ASYNC_ID, Long.toString(AsyncHooks.triggerAsyncId()));
	}

	@Override
	public void after(long asyncId) {
		ArrayDeque<@Nullable String> stack = previous.get();
		if (stack.size() < 2) {
			// enabled while the resource ran: nothing of ours to restore
			return;
		}
		restore(ASYNC_ID, stack.pop());
		restore(TRIGGER_ASYNC_ID, stack.pop());
	}

	private static String nullToMarker(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static void restore(String key, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, value);
		}
	}

}
