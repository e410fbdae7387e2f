package dev.asynchooks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed document's "Asynchronous context example" (R7), with AsyncResources in place
 * of the server, the ticks and the timer: each init prints
 * {@code TYPE(id): trigger: t execution: e}, indented by the before/after nesting.
 */
@ExtendWith(CleanEngine.class)
class AsyncContextExampleTests {

	// R5, R7: the seed prints "after: 6" and "destroy: 6" in its output but its code
	// writes "after: " and "destroy: "; this follows the code. destroy is synchronous
	// (SPEC section 4), so each comes right after its resource's last after.
	@Test
	void nestedResourcesPrintTheSeedsTreeOfTriggersAndExecutionContexts() {
		List<String> output = new ArrayList<>();
		AsyncHook hook = AsyncHooks.createHook(new IndentingPrinter(output)).enable();
		AsyncResource server = new AsyncResource("TCPSERVERWRAP");
		AsyncResource tick = new AsyncResource("TickObject", server.asyncId());
		AsyncResource timeout = tick.runInAsyncScope(() -> new AsyncResource("Timeout"));
		tick.emitDestroy();
		AsyncResource secondTick = timeout.runInAsyncScope(() -> {
			output.add(">>> " + AsyncHooks.executionAsyncId());
			return new AsyncResource("TickObject");
		});
		timeout.emitDestroy();
		secondTick.runInAsyncScope(() -> {
		});
		secondTick.emitDestroy();
		hook.disable();
		server.emitDestroy();
		long s = server.asyncId();
		long t = tick.asyncId();
		long o = timeout.asyncId();
		long k = secondTick.asyncId();
		assertThat(List.of(s, t, o, k)).isSorted().doesNotHaveDuplicates();
		assertThat(s).isGreaterThan(1);
		assertThat(output).containsExactly("TCPSERVERWRAP(" + s + "): trigger: 1 execution: 1",
				"TickObject(" + t + "): trigger: " + s + " execution: 1", "before:  " + t,
				"  Timeout(" + o + "): trigger: " + t + " execution: " + t, "after:  " + t, "destroy:  " + t,
				"before:  " + o, ">>> " + o, "  TickObject(" + k + "): trigger: " + o + " execution: " + o,
				"after:  " + o, "destroy:  " + o, "before:  " + k, "after:  " + k, "destroy:  " + k);
	}

	/** The seed's hook, writing to a list instead of stdout. */
	private static final class IndentingPrinter implements HookCallbacks {

		private final List<String> output;

		private final Thread thread = Thread.currentThread();

		private int indent;

		IndentingPrinter(List<String> output) {
			this.output = output;
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			print(type + "(" + asyncId + "): trigger: " + triggerAsyncId + " execution: "
					+ AsyncHooks.executionAsyncId());
		}

		@Override
		public void before(long asyncId) {
			print("before:  " + asyncId);
			this.indent += 2;
		}

		@Override
		public void after(long asyncId) {
			this.indent -= 2;
			print("after:  " + asyncId);
		}

		@Override
		public void destroy(long asyncId) {
			print("destroy:  " + asyncId);
		}

		// the cleaner thread can only bring destroys of resources leaked by other tests
		private void print(String line) {
			if (Thread.currentThread() == this.thread) {
				this.output.add(" ".repeat(this.indent) + line);
			}
		}

	}

}
