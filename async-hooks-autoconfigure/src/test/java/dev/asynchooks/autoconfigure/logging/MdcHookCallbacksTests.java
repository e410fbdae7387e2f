package dev.asynchooks.autoconfigure.logging;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MdcHookCallbacks}.
 *
 * @author async-hooks
 */
class MdcHookCallbacksTests {

	@RegisterExtension
	final CleanEngine engine = CleanEngine.changesOnly();

	private final AsyncHook hook = this.engine.disableAfter(AsyncHooks.createHook(new MdcHookCallbacks()));

	@AfterEach
	void tearDown() {
		MDC.clear();
	}

	@Test
	void valuesSetBeforeARunAreRestoredAfterIt() {
		this.hook.enable();
		MDC.put(MdcHookCallbacks.ASYNC_ID, "mine");
		MDC.put(MdcHookCallbacks.TRIGGER_ASYNC_ID, "");
		AsyncResource resource = new AsyncResource("TEST");
		resource.runInAsyncScope(() -> {
			assertThat(MDC.get(MdcHookCallbacks.ASYNC_ID)).isEqualTo(Long.toString(resource.asyncId()));
			assertThat(MDC.get(MdcHookCallbacks.TRIGGER_ASYNC_ID)).isEqualTo(Long.toString(resource.triggerAsyncId()));
		});
		assertThat(MDC.get(MdcHookCallbacks.ASYNC_ID)).isEqualTo("mine");
		assertThat(MDC.get(MdcHookCallbacks.TRIGGER_ASYNC_ID)).isEmpty();
		resource.emitDestroy();
	}

	@Test
	void deepNestingRestoresEveryLevel() {
		this.hook.enable();
		List<AsyncResource> resources = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		nest(resources, seen, 20);
		// on the way out, each level sees its own ids again after its child returned
		List<String> expected = new ArrayList<>();
		for (int i = resources.size() - 1; i >= 0; i--) {
			AsyncResource resource = resources.get(i);
			expected.add(resource.asyncId() + "<" + resource.triggerAsyncId());
		}
		assertThat(seen).isEqualTo(expected);
		assertThat(MDC.get(MdcHookCallbacks.ASYNC_ID)).isNull();
		assertThat(MDC.get(MdcHookCallbacks.TRIGGER_ASYNC_ID)).isNull();
		resources.forEach(AsyncResource::emitDestroy);
	}

	private void nest(List<AsyncResource> resources, List<String> seen, int levels) {
		if (levels == 0) {
			return;
		}
		AsyncResource resource = new AsyncResource("LEVEL");
		resources.add(resource);
		resource.runInAsyncScope(() -> {
			nest(resources, seen, levels - 1);
			seen.add(MDC.get(MdcHookCallbacks.ASYNC_ID) + "<" + MDC.get(MdcHookCallbacks.TRIGGER_ASYNC_ID));
		});
	}

	@Test
	void theTriggerFollowsEachRunWhenItChanges() {
		this.hook.enable();
		AsyncResource first = new AsyncResource("TEST");
		AsyncResource second = new AsyncResource("TEST", first.asyncId());
		AsyncResource third = new AsyncResource("TEST", first.asyncId());
		List<String> triggers = new ArrayList<>();
		for (AsyncResource resource : List.of(first, second, third, first)) {
			resource.runInAsyncScope(() -> triggers.add(MDC.get(MdcHookCallbacks.TRIGGER_ASYNC_ID)));
		}
		String root = Long.toString(first.triggerAsyncId());
		String firstId = Long.toString(first.asyncId());
		assertThat(triggers).containsExactly(root, firstId, firstId, root);
		List.of(first, second, third).forEach(AsyncResource::emitDestroy);
	}

	@Test
	void anAfterWithoutItsBeforeLeavesTheMdcAlone() {
		AsyncResource resource = new AsyncResource("TEST");
		resource.runInAsyncScope(() -> {
			// enabled while the resource runs: its after comes without a before
			this.hook.enable();
			MDC.put(MdcHookCallbacks.ASYNC_ID, "mine");
		});
		assertThat(MDC.get(MdcHookCallbacks.ASYNC_ID)).isEqualTo("mine");
		// and the next run is seen and restored as usual
		resource.runInAsyncScope(
				() -> assertThat(MDC.get(MdcHookCallbacks.ASYNC_ID)).isEqualTo(Long.toString(resource.asyncId())));
		assertThat(MDC.get(MdcHookCallbacks.ASYNC_ID)).isEqualTo("mine");
		resource.emitDestroy();
	}

}
