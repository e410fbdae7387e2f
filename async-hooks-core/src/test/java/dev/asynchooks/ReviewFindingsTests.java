package dev.asynchooks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reproducers for problems found in review of the engine. Each test fails on the code as
 * reviewed.
 */
class ReviewFindingsTests {

	private final HookRecorder recorder = new HookRecorder();

	@AfterEach
	void cleanUp() {
		this.recorder.close();
		this.recorder.destroyRemaining();
		EngineAssertions.assertCleanAndReset();
	}

	/**
	 * SPEC §3 rule 11: a negative triggerAsyncId is an IllegalArgumentException. The
	 * sentinel {@code Long.MIN_VALUE} used for "default trigger" is a negative value a
	 * caller can pass explicitly; it is silently taken as "use executionAsyncId()".
	 */
	@Test
	void explicitLongMinValueTriggerIsRejectedLikeAnyOtherNegativeTrigger() {
		this.recorder.hook().enable();
		assertThatIllegalArgumentException().isThrownBy(() -> new AsyncResource("REVIEW",
				AsyncResourceOptions.defaults().withTriggerAsyncId(Long.MIN_VALUE).withRequireManualDestroy(true)));
	}

	/**
	 * SPEC §3 rule 6 / R13: a hook enabled inside a hook callback misses the event in
	 * progress and every event dispatched inside that outermost dispatch. A destroy
	 * raised inside the dispatch is deferred to its end and then delivered to the hook
	 * list read at that moment, so the hook enabled inside the dispatch gets it (a
	 * destroy for an id whose init it never saw), while R14's mirror case (a hook
	 * disabled there) loses it.
	 */
	@Test
	void hookEnabledInsideAHookCallbackMissesADestroyRaisedInThatDispatch() {
		AsyncResource ended = new AsyncResource("REVIEW_ENDED",
				AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		AsyncResource running = new AsyncResource("REVIEW_RUNNING",
				AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		AsyncHook trigger = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void before(long asyncId) {
				if (asyncId == running.asyncId()) {
					ReviewFindingsTests.this.recorder.hook().enable();
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
		assertThat(this.recorder.namesFor(ended.asyncId()))
			.as("events of a resource destroyed inside the dispatch that enabled the hook")
			.isEmpty();
	}

	/**
	 * SPEC §3 rule 6 / R14, and rule 10: a hook disabled inside a hook callback still
	 * gets the events dispatched inside that outermost dispatch. The deferred destroy is
	 * delivered to the hook list read after the callback disabled the hook, so a hook
	 * that saw the init never gets the destroy.
	 */
	@Test
	void hookDisabledInsideAHookCallbackStillGetsADestroyRaisedInThatDispatch() {
		this.recorder.hook().enable();
		AsyncResource ended = new AsyncResource("REVIEW_ENDED",
				AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		AsyncResource running = new AsyncResource("REVIEW_RUNNING",
				AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		AsyncHook trigger = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void before(long asyncId) {
				if (asyncId == running.asyncId()) {
					ReviewFindingsTests.this.recorder.hook().disable();
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
		assertThat(this.recorder.namesFor(ended.asyncId()))
			.as("a hook disabled inside the dispatch in which the resource was destroyed")
			.containsExactly("init", "destroy");
	}

}
