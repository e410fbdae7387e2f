package dev.asynchooks.autoconfigure.logging;

import java.util.Arrays;

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

	// per thread, the values each before replaced, restored by its after: before/after
	// pairs nest properly on one thread
	private static final ThreadLocal<Replaced> replaced = ThreadLocal.withInitial(Replaced::new);

	@Override
	public void before(long asyncId) {
		Replaced stack = replaced.get();
		stack.push(MDC.get(ASYNC_ID), MDC.get(TRIGGER_ASYNC_ID));
		MDC.put(ASYNC_ID, Long.toString(asyncId));
		MDC.put(TRIGGER_ASYNC_ID, stack.triggerString(AsyncHooks.triggerAsyncId()));
	}

	@Override
	public void after(long asyncId) {
		Replaced stack = replaced.get();
		if (stack.depth == 0) {
			// enabled while the resource ran: nothing of ours to restore
			return;
		}
		int top = --stack.depth;
		restore(ASYNC_ID, stack.asyncIds[top]);
		restore(TRIGGER_ASYNC_ID, stack.triggerAsyncIds[top]);
		stack.asyncIds[top] = null;
		stack.triggerAsyncIds[top] = null;
	}

	private static void restore(String key, @Nullable String value) {
		if (value == null) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, value);
		}
	}

	/**
	 * The MDC values replaced by the befores of one thread, innermost last.
	 */
	private static final class Replaced {

		@Nullable String[] asyncIds = new String[8];

		@Nullable String[] triggerAsyncIds = new String[8];

		int depth;

		// the requests of one server, the runs of one scheduled task: a pooled thread
		// often sees the same trigger many times in a row
		long trigger = -1;

		String triggerString = "";

		void push(@Nullable String asyncId, @Nullable String triggerAsyncId) {
			if (this.depth == this.asyncIds.length) {
				this.asyncIds = Arrays.copyOf(this.asyncIds, this.depth * 2);
				this.triggerAsyncIds = Arrays.copyOf(this.triggerAsyncIds, this.depth * 2);
			}
			this.asyncIds[this.depth] = asyncId;
			this.triggerAsyncIds[this.depth] = triggerAsyncId;
			this.depth++;
		}

		String triggerString(long triggerAsyncId) {
			if (triggerAsyncId != this.trigger) {
				this.triggerString = Long.toString(triggerAsyncId);
				this.trigger = triggerAsyncId;
			}
			return this.triggerString;
		}

	}

}
