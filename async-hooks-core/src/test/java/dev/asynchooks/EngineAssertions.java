package dev.asynchooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support: checks that a test left no global engine state behind.
 */
public final class EngineAssertions {

	private EngineAssertions() {
	}

	/**
	 * Disable every hook still enabled, then fail if there was one, or if the calling
	 * thread still has a frame.
	 */
	public static void assertCleanAndReset() {
		var leftover = AsyncHooks.enabledHooks();
		leftover.forEach(AsyncHook::disable);
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.EXIT);
		HookErrorReporter reporter = AsyncHooks.hookErrorReporter();
		AsyncHooks.setHookErrorReporter(HookErrorReporter.standardError());
		assertThat(leftover).as("hooks left enabled").isEmpty();
		assertThat(AsyncHooks.executionAsyncId()).as("frame left on the test thread").isEqualTo(1);
		assertThat(AsyncHooks.triggerAsyncId()).isZero();
		assertThat(reporter).as("hook error reporter left set").isSameAs(HookErrorReporter.standardError());
	}

}
