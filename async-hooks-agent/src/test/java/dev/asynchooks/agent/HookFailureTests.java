package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.HookErrorReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hook that throws never breaks the application's task under the agent.
 */
class HookFailureTests {

	private final List<String> reports = new CopyOnWriteArrayList<>();

	private HookErrorPolicy policy;

	private HookErrorReporter reporter;

	@BeforeEach
	void capture() {
		this.policy = AsyncHooks.hookErrorPolicy();
		this.reporter = AsyncHooks.hookErrorReporter();
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		AsyncHooks.setHookErrorReporter(
				(hook, event, asyncId, failure, policy) -> this.reports.add(event + ": " + failure.getMessage()));
	}

	@AfterEach
	void restore() {
		AsyncHooks.setHookErrorPolicy(this.policy);
		AsyncHooks.setHookErrorReporter(this.reporter);
	}

	@Test
	void aHookThatThrowsInBeforeLeavesTheTaskAndItsAnswerAlone() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		AsyncHook failing = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				throw new IllegalStateException("hook failure");
			}

		}).enable();
		try {
			assertThat(pool.submit(() -> 6 * 7).get(10, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(this.reports).contains("before: hook failure");
			assertThat(failing.isEnabled()).isFalse();
			assertThat(pool.submit(() -> "still running").get(10, TimeUnit.SECONDS)).isEqualTo("still running");
		}
		finally {
			failing.disable();
			pool.shutdown();
		}
	}

}
