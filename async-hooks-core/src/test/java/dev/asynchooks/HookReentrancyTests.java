package dev.asynchooks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enabling and disabling hooks from inside hook callbacks and resource callbacks, and
 * work started from inside hook callbacks: Node's rules R13–R15 and R26, SPEC rules 6 and
 * 7.
 */
class HookReentrancyTests {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	// R13, R14, R15, R10: node-traces/t5_enable.js, event for event. A Timeout is an
	// AsyncResource of type "Timeout" run once and destroyed after its run.
	@Test
	void enablingAndDisablingFromHookAndResourceCallbacksGivesTheEventsOfNodeTraceT5() {
		NodeTrace trace = new NodeTrace();
		AsyncHook b = AsyncHooks.createHook(trace.tracer("B"));
		AsyncHook a = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("Timeout")) {
					trace.log("A init " + trace.rel(asyncId) + " -> enabling B");
					b.enable();
				}
			}

		}).enable();
		AtomicReference<AsyncHook> c = new AtomicReference<>();
		AtomicReference<AsyncResource> t2 = new AtomicReference<>();
		AsyncResource t1 = track(new AsyncResource("Timeout"));
		trace.log("enable twice returns same: " + (b.enable() == b) + ", disable not-enabled: "
				+ (AsyncHooks.createHook(new HookCallbacks() {
				}).disable() != null));
		t1.runInAsyncScope(() -> {
			trace.log("t1 ran");
			a.disable();
			c.set(AsyncHooks.createHook(new HookCallbacks() {

				@Override
				public void before(long asyncId) {
					trace.log("C before " + trace.rel(asyncId) + " -> disabling C");
					c.get().disable();
				}

				@Override
				public void after(long asyncId) {
					trace.log("C after " + trace.rel(asyncId) + " (seen?)");
				}

			}).enable());
			t2.set(track(new AsyncResource("Timeout")));
		});
		t1.emitDestroy();
		t2.get().runInAsyncScope(() -> {
			trace.log("t2 ran");
			b.disable();
		});
		t2.get().emitDestroy();
		assertThat(trace.lines()).containsExactly("A init r1 -> enabling B",
				"enable twice returns same: true, disable not-enabled: true", "B: before r1", "t1 ran",
				"B:   init Timeout r2 trigger=r1 exec=r1", "B: after r1", "C after r1 (seen?)", "B: destroy r1",
				"B: before r2", "C before r2 -> disabling C", "t2 ran");
		assertThat(AsyncHooks.enabledHooks()).isEmpty();
	}

	// R11, R13, R14: test/async-hooks/test-enable-disable.js. hook2 is enabled in
	// hook3.before(I1), hook2 disables hook1 in before(I2), hook3 disables itself in
	// after(I2).
	@Test
	void hooksEnabledAndDisabledInsideHookCallbacksFollowNodeTestEnableDisable() {
		List<String> log = new ArrayList<>();
		AtomicReference<AsyncResource> i2 = new AtomicReference<>();
		LoggingCallbacks hook1 = new LoggingCallbacks("hook1", log);
		LoggingCallbacks hook2 = new LoggingCallbacks("hook2", log);
		LoggingCallbacks hook3 = new LoggingCallbacks("hook3", log);
		hook3.onBefore = (id) -> hook2.hook.enable();
		hook3.onAfter = (id) -> {
			if (id == i2.get().asyncId()) {
				hook3.hook.disable();
			}
		};
		hook2.onBefore = (id) -> hook1.hook.disable();
		hook1.hook.enable();
		hook3.hook.enable();
		AsyncResource i1 = track(new AsyncResource("Immediate"));
		i1.runInAsyncScope(() -> i2.set(track(new AsyncResource("Immediate"))));
		i1.emitDestroy();
		i2.get().runInAsyncScope(() -> {
		});
		i2.get().emitDestroy();
		String first = String.valueOf(i1.asyncId());
		String second = String.valueOf(i2.get().asyncId());
		assertThat(log).containsExactly("hook1 init " + first, "hook3 init " + first, "hook1 before " + first,
				"hook3 before " + first, "hook1 init " + second, "hook3 init " + second, "hook2 init " + second,
				"hook1 after " + first, "hook3 after " + first, "hook2 after " + first, "hook1 destroy " + first,
				"hook3 destroy " + first, "hook2 destroy " + first, "hook1 before " + second, "hook3 before " + second,
				"hook2 before " + second, "hook3 after " + second, "hook2 after " + second, "hook2 destroy " + second);
		assertThat(AsyncHooks.enabledHooks()).containsExactly(hook2.hook);
		hook2.hook.disable();
	}

	// R13: test-enable-in-init.js. The outer init enables the nested hook: it misses the
	// init in progress and gets every later event.
	@Test
	void hookEnabledInsideInitMissesThatInitAndGetsEveryLaterEvent() {
		HookRecorder nested = new HookRecorder();
		List<Long> outerInits = new ArrayList<>();
		AsyncHook outer = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				outerInits.add(asyncId);
				nested.hook().enable();
			}

		}).enable();
		AsyncResource first = track(new AsyncResource("FIRST"));
		assertThat(nested.events()).isEmpty();
		first.runInAsyncScope(() -> {
		});
		AsyncResource second = track(new AsyncResource("SECOND"));
		first.emitDestroy();
		outer.disable();
		nested.close();
		assertThat(outerInits).containsExactly(first.asyncId(), second.asyncId());
		assertThat(nested.linesFor(first.asyncId(), second.asyncId())).containsExactly("before " + first.asyncId(),
				"after " + first.asyncId(), "init SECOND " + second.asyncId() + " trigger=1 eid=1",
				"destroy " + first.asyncId());
	}

	// R14: test-disable-in-init.js. The outer hook (first in order) disables the nested
	// one in init: the nested hook still gets that init, and nothing afterwards. The
	// resource that Node's outer init creates is, here, invisible to hooks (SPEC rule 7).
	@Test
	void hookDisabledInsideInitStillGetsThatInitAndNothingAfterwards() {
		List<String> log = new ArrayList<>();
		LoggingCallbacks nested = new LoggingCallbacks("nested", log);
		LoggingCallbacks outer = new LoggingCallbacks("outer", log);
		AtomicReference<AsyncResource> createdInInit = new AtomicReference<>();
		outer.onInit = (id) -> {
			nested.hook.disable();
			if (createdInInit.get() == null) {
				createdInInit.set(track(new AsyncResource("FROM_INIT")));
			}
		};
		outer.hook.enable();
		nested.hook.enable();
		AsyncResource resource = track(new AsyncResource("R"));
		resource.runInAsyncScope(() -> {
		});
		resource.emitDestroy();
		createdInInit.get().emitDestroy();
		outer.hook.disable();
		String id = String.valueOf(resource.asyncId());
		assertThat(log).containsExactly("outer init " + id, "nested init " + id, "outer before " + id,
				"outer after " + id, "outer destroy " + id);
	}

	// R14: a hook that disables itself in before still gets that before (and the hooks
	// after it in the order get it too), but no after.
	@Test
	void hookDisabledByItselfInsideBeforeGetsThatBeforeButNotTheAfter() {
		List<String> log = new ArrayList<>();
		LoggingCallbacks self = new LoggingCallbacks("self", log);
		LoggingCallbacks other = new LoggingCallbacks("other", log);
		self.onBefore = (id) -> self.hook.disable();
		self.hook.enable();
		other.hook.enable();
		AsyncResource resource = track(new AsyncResource("R"));
		resource.runInAsyncScope(() -> {
		});
		resource.emitDestroy();
		other.hook.disable();
		String id = String.valueOf(resource.asyncId());
		assertThat(log).containsExactly("self init " + id, "other init " + id, "self before " + id,
				"other before " + id, "other after " + id, "other destroy " + id);
	}

	// R15: test-late-hook-enable.js. Enabled inside a resource callback, a hook gets the
	// after and destroy of the running resource but not its init or before; resources
	// created after it in that callback are seen whole.
	@Test
	void hookEnabledInsideResourceCallbackGetsAfterAndDestroyOfTheRunningResource() {
		HookRecorder late = new HookRecorder();
		AsyncResource running = track(new AsyncResource("RUNNING"));
		AtomicReference<AsyncResource> child = new AtomicReference<>();
		running.runInAsyncScope(() -> {
			late.hook().enable();
			child.set(track(new AsyncResource("CHILD")));
		});
		running.emitDestroy();
		child.get().runInAsyncScope(() -> {
		});
		child.get().emitDestroy();
		late.close();
		long r = running.asyncId();
		long c = child.get().asyncId();
		assertThat(late.linesFor(r, c)).containsExactly("init CHILD " + c + " trigger=" + r + " eid=" + r, "after " + r,
				"destroy " + r, "before " + c, "after " + c, "destroy " + c);
	}

	// R15: test-async-hooks-disable-during-promise.js, with an AsyncResource for the
	// reaction. Disabled inside a resource callback, a hook gets no after, and nothing of
	// what the callback creates.
	@Test
	void hookDisabledInsideResourceCallbackGetsNoAfterAndNothingCreatedThere() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource running = track(new AsyncResource("RUNNING"));
		AtomicReference<AsyncResource> child = new AtomicReference<>();
		running.runInAsyncScope(() -> {
			recorder.close();
			child.set(track(new AsyncResource("CHILD")));
		});
		running.emitDestroy();
		child.get().emitDestroy();
		long r = running.asyncId();
		assertThat(recorder.linesFor(r, child.get().asyncId()))
			.containsExactly("init RUNNING " + r + " trigger=1 eid=1", "before " + r);
	}

	// R13 (Node delivers such events, with the hook list of the outer dispatch)
	// SPEC rule 7 (a deliberate difference from Node, where such work is seen by the
	// hooks and can recurse without end): a resource created inside a hook callback gets
	// an id and a context like any other, but none of its events ever reaches a hook; nor
	// do those of resources created in its callbacks.
	@Test
	void resourceCreatedInsideHookCallbackHasIdsAndContextButItsEventsNeverReachAHook() {
		AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();
		HookRecorder recorder = HookRecorder.start();
		AtomicReference<AsyncResource> fromHook = new AtomicReference<>();
		AtomicReference<String> storeInInit = new AtomicReference<>();
		AsyncHook creating = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("OUTER")) {
					storeInInit.set(storage.getStore());
					fromHook.set(track(new AsyncResource("FROM_HOOK")));
				}
			}

		}).enable();
		AsyncResource outer = track(storage.run("S", () -> new AsyncResource("OUTER")));
		AsyncResource hidden = fromHook.get();
		List<Object> seenInside = new ArrayList<>();
		AtomicReference<AsyncResource> grandChild = new AtomicReference<>();
		hidden.runInAsyncScope(() -> {
			seenInside.add(AsyncHooks.executionAsyncId());
			seenInside.add(AsyncHooks.triggerAsyncId());
			seenInside.add(AsyncHooks.executionAsyncResource());
			seenInside.add(storage.getStore());
			grandChild.set(track(new AsyncResource("GRANDCHILD")));
		});
		grandChild.get().runInAsyncScope(() -> {
		});
		grandChild.get().emitDestroy();
		hidden.emitDestroy();
		outer.emitDestroy();
		creating.disable();
		recorder.close();
		assertThat(storeInInit.get()).isEqualTo("S");
		assertThat(hidden.asyncId()).isGreaterThan(outer.asyncId());
		assertThat(hidden.triggerAsyncId()).isEqualTo(1);
		assertThat(grandChild.get().asyncId()).isGreaterThan(hidden.asyncId());
		assertThat(grandChild.get().triggerAsyncId()).isEqualTo(hidden.asyncId());
		assertThat(seenInside).containsExactly(hidden.asyncId(), 1L, hidden, "S");
		assertThat(recorder.linesFor(outer.asyncId(), hidden.asyncId(), grandChild.get().asyncId()))
			.containsExactly("init OUTER " + outer.asyncId() + " trigger=1 eid=1", "destroy " + outer.asyncId());
	}

	// R26: test-async-hooks-close-during-destroy.js. A resource destroyed from inside the
	// destroy callback of another gets its destroy, exactly once. SPEC rule 7 hides only
	// work *started* inside a hook callback, and rule 10 promises one destroy to every
	// resource whose init was delivered; the destroy is delivered on the same thread as
	// soon as the hook dispatch in progress finishes (Node delivers it in the same
	// batch),
	// so it has arrived when the outer emitDestroy() returns.
	@Test
	void resourceDestroyedFromInsideDestroyCallbackIsDestroyedOnceRightAfterThatDispatch() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource res1 = track(new AsyncResource("RES1"));
		AsyncResource res2 = track(new AsyncResource("RES2"));
		List<Long> destroyed = new ArrayList<>();
		AsyncHook closing = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void destroy(long asyncId) {
				destroyed.add(asyncId);
				if (asyncId == res1.asyncId()) {
					res2.emitDestroy();
				}
			}

		}).enable();
		res1.emitDestroy();
		List<String> whenEmitDestroyReturned = recorder.linesFor(res1.asyncId(), res2.asyncId());
		res2.emitDestroy();
		closing.disable();
		recorder.close();
		assertThat(whenEmitDestroyReturned).containsExactly("init RES1 " + res1.asyncId() + " trigger=1 eid=1",
				"init RES2 " + res2.asyncId() + " trigger=1 eid=1", "destroy " + res1.asyncId(),
				"destroy " + res2.asyncId());
		assertThat(recorder.linesFor(res1.asyncId(), res2.asyncId())).isEqualTo(whenEmitDestroyReturned);
		assertThat(destroyed).containsExactly(res1.asyncId(), res2.asyncId());
		assertThat(res2.isDestroyed()).isTrue();
	}

	// R26 carried further: destroys raised by the callbacks of a deferred destroy are
	// delivered too, in order, each once
	@Test
	void chainOfDestroysRaisedInsideDestroyCallbacksIsDeliveredInOrder() {
		HookRecorder recorder = HookRecorder.start();
		List<AsyncResource> chain = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			chain.add(track(new AsyncResource("LINK")));
		}
		AsyncHook closing = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void destroy(long asyncId) {
				for (int i = 0; i < chain.size() - 1; i++) {
					if (chain.get(i).asyncId() == asyncId) {
						chain.get(i + 1).emitDestroy();
						chain.get(0).emitDestroy();
					}
				}
			}

		}).enable();
		chain.get(0).emitDestroy();
		closing.disable();
		recorder.close();
		long[] ids = chain.stream().mapToLong(AsyncResource::asyncId).toArray();
		assertThat(recorder.lines((event) -> event.name().equals("destroy")
				&& chain.stream().anyMatch((link) -> link.asyncId() == event.asyncId())))
			.containsExactly("destroy " + ids[0], "destroy " + ids[1], "destroy " + ids[2], "destroy " + ids[3],
					"destroy " + ids[4]);
	}

	// R26, SPEC rule 10: a resource ended inside an init or before callback gets its
	// destroy right after that dispatch, before the code that raised the event goes on
	@Test
	void resourceEndedInsideInitOrBeforeCallbackGetsItsDestroyRightAfterThatDispatch() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource endedInInit = track(new AsyncResource("ENDED_IN_INIT"));
		AsyncResource endedInBefore = track(new AsyncResource("ENDED_IN_BEFORE"));
		AsyncHook ending = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				endedInInit.emitDestroy();
			}

			@Override
			public void before(long asyncId) {
				endedInBefore.emitDestroy();
			}

		}).enable();
		AsyncResource trigger = track(new AsyncResource("TRIGGER"));
		List<String> inCallback = new ArrayList<>();
		trigger.runInAsyncScope(() -> inCallback.addAll(recorder.linesFor(endedInBefore.asyncId())));
		trigger.emitDestroy();
		ending.disable();
		recorder.close();
		long i = endedInInit.asyncId();
		long b = endedInBefore.asyncId();
		long t = trigger.asyncId();
		assertThat(inCallback).containsExactly("init ENDED_IN_BEFORE " + b + " trigger=1 eid=1", "destroy " + b);
		assertThat(recorder.linesFor(i, b, t)).containsExactly("init ENDED_IN_INIT " + i + " trigger=1 eid=1",
				"init ENDED_IN_BEFORE " + b + " trigger=1 eid=1", "init TRIGGER " + t + " trigger=1 eid=1",
				"destroy " + i, "before " + t, "destroy " + b, "after " + t, "destroy " + t);
	}

	// R13, SPEC rule 6: a hook enabled inside a hook callback misses every event
	// dispatched inside that outermost dispatch, including a destroy raised there (the
	// destroy is deferred to the end of the dispatch, but not delivered to a hook that
	// was
	// not enabled when it was raised: it never saw the init)
	@Test
	void hookEnabledInsideAHookCallbackMissesADestroyRaisedInThatDispatch() {
		HookRecorder recorder = this.engine.record(new HookRecorder());
		AsyncResource ended = track(new AsyncResource("ENDED_IN_DISPATCH", MANUAL));
		AsyncResource running = track(new AsyncResource("RUNNING", MANUAL));
		AsyncHook trigger = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void before(long asyncId) {
				if (asyncId == running.asyncId()) {
					recorder.hook().enable();
					ended.emitDestroy();
				}
			}
		}).enable();
		try {
			running.runInAsyncScope(() -> {
			});
		}
		finally {
			trigger.disable();
		}
		running.emitDestroy();
		assertThat(recorder.namesFor(ended.asyncId()))
			.as("events of a resource destroyed inside the dispatch that enabled the hook")
			.isEmpty();
	}

	// R14, SPEC rules 6 and 10: a hook disabled inside a hook callback still gets the
	// events dispatched inside that outermost dispatch, including the deferred destroy of
	// a resource ended there, so a hook that saw the init also gets the destroy
	@Test
	void hookDisabledInsideAHookCallbackStillGetsADestroyRaisedInThatDispatch() {
		HookRecorder recorder = this.engine.record(HookRecorder.start());
		AsyncResource ended = track(new AsyncResource("ENDED_IN_DISPATCH", MANUAL));
		AsyncResource running = track(new AsyncResource("RUNNING", MANUAL));
		AsyncHook trigger = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void before(long asyncId) {
				if (asyncId == running.asyncId()) {
					recorder.hook().disable();
					ended.emitDestroy();
				}
			}
		}).enable();
		try {
			running.runInAsyncScope(() -> {
			});
		}
		finally {
			trigger.disable();
		}
		running.emitDestroy();
		assertThat(recorder.namesFor(ended.asyncId()))
			.as("a hook disabled inside the dispatch in which the resource was destroyed")
			.containsExactly("init", "destroy");
	}

	private AsyncResource track(AsyncResource resource) {
		return this.engine.destroyAfter(resource);
	}

}
