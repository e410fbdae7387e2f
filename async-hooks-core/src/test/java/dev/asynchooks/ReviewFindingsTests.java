package dev.asynchooks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

}
