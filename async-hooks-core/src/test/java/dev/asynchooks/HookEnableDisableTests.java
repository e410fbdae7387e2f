package dev.asynchooks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating, enabling and disabling hooks outside callbacks: Node's rules R9–R11, SPEC
 * rule 5.
 */
class HookEnableDisableTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	// R9
	@Test
	void createdHookIsDisabledAndGetsNoEventUntilEnabled() {
		HookRecorder recorder = new HookRecorder();
		AsyncHook hook = recorder.hook();
		AsyncResource unseen = track(new AsyncResource("UNSEEN"));
		unseen.runInAsyncScope(() -> {
		});
		unseen.emitDestroy();
		assertThat(hook.isEnabled()).isFalse();
		assertThat(AsyncHooks.enabledHooks()).doesNotContain(hook);
		assertThat(hook.callbacks()).isSameAs(recorder);
		hook.enable();
		AsyncResource seen = track(new AsyncResource("SEEN"));
		hook.disable();
		assertThat(recorder.linesFor(unseen.asyncId(), seen.asyncId()))
			.containsExactly("init SEEN " + seen.asyncId() + " trigger=1 eid=1");
	}

	// R9: "If no callbacks are provided, enabling is a no-op" and still returns the hook
	@Test
	void hookWithNoCallbacksCanBeEnabledAndDisabled() {
		AsyncHook empty = AsyncHooks.createHook(new HookCallbacks() {
		});
		HookRecorder recorder = HookRecorder.start();
		assertThat(empty.enable()).isSameAs(empty);
		assertThat(AsyncHooks.enabledHooks()).containsExactly(recorder.hook(), empty);
		AsyncResource resource = track(new AsyncResource("R"));
		resource.runInAsyncScope(() -> {
		});
		resource.emitDestroy();
		assertThat(empty.disable()).isSameAs(empty);
		recorder.close();
		long id = resource.asyncId();
		assertThat(recorder.linesFor(id)).containsExactly("init R " + id + " trigger=1 eid=1", "before " + id,
				"after " + id, "destroy " + id);
	}

	// R9: callbacks are found through the class hierarchy, like Node's prototype chain
	@Test
	void callbacksInheritedFromASuperclassAreCalled() {
		List<String> log = new ArrayList<>();
		AsyncHook hook = AsyncHooks.createHook(new DerivedCallbacks(log)).enable();
		AsyncResource resource = track(new AsyncResource("R"));
		resource.runInAsyncScope(() -> {
		});
		resource.emitDestroy();
		hook.disable();
		long id = resource.asyncId();
		assertThat(log).containsExactly("base init " + id, "derived before " + id, "base after " + id);
	}

	// R10: test-async-hooks-enable-disable.js
	@Test
	void enableAndDisableAreIdempotentAndReturnTheHook() {
		HookRecorder recorder = new HookRecorder();
		AsyncHook hook = recorder.hook();
		assertThat(hook.enable()).isSameAs(hook);
		assertThat(hook.enable()).isSameAs(hook);
		assertThat(AsyncHooks.enabledHooks()).containsExactly(hook);
		AsyncResource resource = track(new AsyncResource("Immediate"));
		assertThat(hook.disable()).isSameAs(hook);
		assertThat(hook.disable()).isSameAs(hook);
		assertThat(hook.disable()).isSameAs(hook);
		List<String> ran = new ArrayList<>();
		resource.runInAsyncScope(() -> ran.add("callback ran"));
		resource.emitDestroy();
		assertThat(hook.isEnabled()).isFalse();
		assertThat(ran).containsExactly("callback ran");
		assertThat(recorder.linesFor(resource.asyncId()))
			.containsExactly("init Immediate " + resource.asyncId() + " trigger=1 eid=1");
	}

	// R10: disabling a hook that was never enabled does nothing
	@Test
	void disablingAHookThatIsNotEnabledDoesNothing() {
		HookRecorder enabled = HookRecorder.start();
		AsyncHook never = AsyncHooks.createHook(new HookCallbacks() {
		});
		assertThat(never.disable()).isSameAs(never);
		assertThat(never.isEnabled()).isFalse();
		assertThat(AsyncHooks.enabledHooks()).containsExactly(enabled.hook());
		enabled.close();
	}

	// R10: outside callbacks both take effect at once
	@Test
	void enableAndDisableTakeEffectAtOnceOutsideCallbacks() {
		HookRecorder recorder = new HookRecorder();
		AsyncResource resource = track(new AsyncResource("R"));
		recorder.hook().enable();
		resource.runInAsyncScope(() -> {
		});
		recorder.hook().disable();
		resource.runInAsyncScope(() -> {
		});
		recorder.hook().enable();
		resource.emitDestroy();
		recorder.close();
		long id = resource.asyncId();
		assertThat(recorder.linesFor(id)).containsExactly("before " + id, "after " + id, "destroy " + id);
	}

	// R11: test-enable-disable.js's order: hook1, hook3, hook2 when hook2 is enabled last
	@Test
	void hooksAreCalledInEnableOrderAndReenablingMovesAHookToTheEnd() {
		List<String> log = new ArrayList<>();
		AsyncHook hook1 = new LoggingCallbacks("hook1", log).hook.enable();
		AsyncHook hook2 = new LoggingCallbacks("hook2", log).hook.enable();
		AsyncHook hook3 = new LoggingCallbacks("hook3", log).hook.enable();
		AsyncResource first = track(new AsyncResource("FIRST"));
		hook2.disable().enable();
		hook1.enable();
		assertThat(AsyncHooks.enabledHooks()).containsExactly(hook1, hook3, hook2);
		AsyncResource second = track(new AsyncResource("SECOND"));
		second.runInAsyncScope(() -> {
		});
		second.emitDestroy();
		hook1.disable();
		hook2.disable();
		hook3.disable();
		assertThat(log).containsExactly("hook1 init " + first.asyncId(), "hook2 init " + first.asyncId(),
				"hook3 init " + first.asyncId(), "hook1 init " + second.asyncId(), "hook3 init " + second.asyncId(),
				"hook2 init " + second.asyncId(), "hook1 before " + second.asyncId(),
				"hook3 before " + second.asyncId(), "hook2 before " + second.asyncId(),
				"hook1 after " + second.asyncId(), "hook3 after " + second.asyncId(), "hook2 after " + second.asyncId(),
				"hook1 destroy " + second.asyncId(), "hook3 destroy " + second.asyncId(),
				"hook2 destroy " + second.asyncId());
	}

	// R16
	// SPEC rule 5: hooks are process-wide and called on the thread where the event
	// happens
	@Test
	void hookIsCalledOnTheThreadWhereEachEventHappens() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("R"));
		Thread runner = new Thread(() -> {
			resource.runInAsyncScope(() -> {
			});
			resource.emitDestroy();
		}, "runner");
		runner.start();
		runner.join(10_000);
		recorder.close();
		long id = resource.asyncId();
		List<HookRecorder.Event> events = recorder.events().stream().filter((event) -> event.asyncId() == id).toList();
		assertThat(events).extracting(HookRecorder.Event::name).containsExactly("init", "before", "after", "destroy");
		assertThat(events).extracting(HookRecorder.Event::thread)
			.containsExactly(Thread.currentThread(), runner, runner, runner);
		assertThat(events).extracting(HookRecorder.Event::executionAsyncId).containsExactly(1L, id, id, 1L);
	}

	private AsyncResource track(AsyncResource resource) {
		return this.engine.destroyAfter(resource);
	}

	/** Overrides {@code init} and {@code after}. */
	private abstract static class BaseCallbacks implements HookCallbacks {

		final List<String> log;

		BaseCallbacks(List<String> log) {
			this.log = log;
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			this.log.add("base init " + asyncId);
		}

		@Override
		public void after(long asyncId) {
			this.log.add("base after " + asyncId);
		}

	}

	/** Adds {@code before} to what it inherits. */
	private static final class DerivedCallbacks extends BaseCallbacks {

		DerivedCallbacks(List<String> log) {
			super(log);
		}

		@Override
		public void before(long asyncId) {
			this.log.add("derived before " + asyncId);
		}

	}

}
