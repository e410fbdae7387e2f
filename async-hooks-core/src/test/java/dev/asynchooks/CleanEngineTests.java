package dev.asynchooks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.asynchooks.internal.StorageContext;
import dev.asynchooks.internal.ThreadState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link CleanEngine} run on test classes of its own through the JUnit Platform's test
 * kit: a test that leaves engine state behind fails, the state is reset so that the next
 * test passes, and a clean test passes.
 */
class CleanEngineTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	@Test
	void testThatLeavesAHookEnabledFailsAndTheNextTestStartsWithNone() {
		Events tests = run(LeavesAHookEnabled.class);
		assertThat(failureOf(tests, "leavesAHookEnabled")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("hooks left enabled");
		assertThat(succeeded(tests)).containsExactly("findsNoHookEnabled");
		assertThat(LeavesAHookEnabled.hook.isEnabled()).isFalse();
	}

	@Test
	void testThatLeavesAFrameOnItsThreadFailsAndTheNextTestStartsAtTheRoot() {
		Events tests = run(LeavesAFrame.class);
		assertThat(failureOf(tests, "leavesAFrame")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("frames left on the test thread");
		assertThat(succeeded(tests)).containsExactly("findsTheRootContext");
	}

	@Test
	void testThatLeavesAResourceAliveFailsWhenItsRecorderIsChecked() {
		Events tests = run(LeavesAResourceAlive.class);
		assertThat(failureOf(tests, "leavesAResourceAlive")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("resources left alive")
			.hasMessageContaining(LeavesAResourceAlive.leaked.asyncId() + "L");
		// the recorder was closed, then the leaked resource destroyed
		assertThat(LeavesAResourceAlive.recorder.hook().isEnabled()).isFalse();
		assertThat(LeavesAResourceAlive.leaked.isDestroyed()).isTrue();
	}

	@Test
	void testThatDestroysWhatItCreatesPassesWhenItsRecorderIsChecked() {
		Events tests = run(DestroysWhatItCreates.class);
		assertThat(tests.failed().count()).isZero();
		assertThat(succeeded(tests)).containsExactly("destroysWhatItCreates");
	}

	@Test
	void testThatLeavesAReporterOrAPolicySetFailsForTheReporterAndBothAreReset() {
		Events tests = run(LeavesAReporterAndAPolicy.class);
		assertThat(failureOf(tests, "leavesAReporterSet")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("hook error reporter left set");
		assertThat(succeeded(tests)).containsExactly("leavesAPolicySet", "findsTheDefaults");
	}

	@Test
	void besideLongLivedHooksOnlyAHookEnabledDuringTheTestFailsItAndThePolicyAndReporterArePutBack() {
		Events tests = run(BesideALongLivedHook.class);
		assertThat(failureOf(tests, "leavesAHookEnabled")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("hooks left enabled")
			.hasMessageNotContaining(BesideALongLivedHook.longLived.toString());
		assertThat(succeeded(tests)).containsExactly("changesThePolicy", "findsTheLongLivedStateAsItWas");
	}

	@Test
	void everyFailureOfOneTestIsReportedTheFirstWithTheOthersSuppressed() {
		Events tests = run(LeavesEverything.class);
		Throwable failure = failureOf(tests, "leavesAHookAndAFrame");
		assertThat(failure).hasMessageContaining("hooks left enabled");
		assertThat(failure.getSuppressed()).singleElement()
			.satisfies((suppressed) -> assertThat(suppressed).hasMessageContaining("frames left on the test thread"));
	}

	@Test
	void cleanTestsPassAndWhatTheyRegisteredIsShutDownDisabledAndDestroyed() {
		Events tests = run(Clean.class);
		assertThat(tests.failed().count()).isZero();
		assertThat(succeeded(tests)).containsExactly("registersEverything", "findsItAllEnded");
		assertThat(Clean.executor.isTerminated()).isTrue();
		assertThat(Clean.hook.isEnabled()).isFalse();
		assertThat(Clean.recorder.hook().isEnabled()).isFalse();
		// destroyed once no hook was left to see it
		assertThat(Clean.resource.isDestroyed()).isTrue();
		assertThat(Clean.seen.isDestroyed()).isTrue();
		assertThat(Clean.recorder.namesFor(Clean.resource.asyncId())).containsExactly("init");
		assertThat(Clean.recorder.namesFor(Clean.seen.asyncId())).containsExactly("init");
	}

	private static Events run(Class<?> testClass) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
	}

	private static List<String> succeeded(Events tests) {
		return tests.succeeded().list().stream().map(CleanEngineTests::name).toList();
	}

	private static Throwable failureOf(Events tests, String method) {
		List<Event> failed = tests.failed().list();
		assertThat(failed).extracting(CleanEngineTests::name).containsExactly(method);
		return failed.get(0)
			.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
			.getThrowable()
			.orElseThrow();
	}

	private static String name(Event event) {
		return event.getTestDescriptor().getLegacyReportingName().replace("()", "");
	}

	@ExtendWith(CleanEngine.class)
	@TestMethodOrder(OrderAnnotation.class)
	static class LeavesAHookEnabled {

		static final AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
		});

		@Test
		@Order(1)
		void leavesAHookEnabled() {
			hook.enable();
		}

		@Test
		@Order(2)
		void findsNoHookEnabled() {
			assertThat(AsyncHooks.enabledHooks()).isEmpty();
		}

	}

	@ExtendWith(CleanEngine.class)
	@TestMethodOrder(OrderAnnotation.class)
	static class LeavesAFrame {

		@Test
		@Order(1)
		void leavesAFrame() {
			ThreadState.current().enter(1_000_000, 1, new Object(), false, StorageContext.EMPTY);
			assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1_000_000);
		}

		@Test
		@Order(2)
		void findsTheRootContext() {
			assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
			assertThat(AsyncHooks.triggerAsyncId()).isZero();
		}

	}

	static class LeavesAResourceAlive {

		static HookRecorder recorder;

		static AsyncResource leaked;

		// the wait only bounds how long a resource that is never destroyed keeps the test
		@RegisterExtension
		final CleanEngine engine = new CleanEngine(Duration.ofMillis(200));

		@Test
		void leavesAResourceAlive() {
			recorder = this.engine.checkEveryInitDestroyed(HookRecorder.start());
			leaked = new AsyncResource("LEAKED", AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		}

	}

	static class DestroysWhatItCreates {

		// resources that other tests' threads create meanwhile are destroyed by garbage
		// collection within the default wait
		@RegisterExtension
		final CleanEngine engine = new CleanEngine();

		@Test
		void destroysWhatItCreates() {
			HookRecorder own = this.engine.checkEveryInitDestroyed(HookRecorder.startWithoutResources());
			AsyncResource resource = new AsyncResource("ENDED",
					AsyncResourceOptions.defaults().withRequireManualDestroy(true));
			resource.emitDestroy();
			assertThat(own.namesFor(resource.asyncId())).containsExactly("init", "destroy");
		}

	}

	@ExtendWith(CleanEngine.class)
	@TestMethodOrder(OrderAnnotation.class)
	static class LeavesAReporterAndAPolicy {

		@Test
		@Order(1)
		void leavesAReporterSet() {
			AsyncHooks.setHookErrorReporter((hook, event, asyncId, failure, policy) -> {
			});
		}

		@Test
		@Order(2)
		void leavesAPolicySet() {
			AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		}

		@Test
		@Order(3)
		void findsTheDefaults() {
			assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.EXIT);
			assertThat(AsyncHooks.hookErrorReporter()).isSameAs(HookErrorReporter.standardError());
		}

	}

	@TestMethodOrder(OrderAnnotation.class)
	static class BesideALongLivedHook {

		static final AsyncHook longLived = AsyncHooks.createHook(new HookCallbacks() {
		});

		static final HookErrorReporter longLivedReporter = (hook, event, asyncId, failure, policy) -> {
		};

		@RegisterExtension
		final CleanEngine engine = CleanEngine.changesOnly();

		@BeforeAll
		static void start() {
			longLived.enable();
			AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
			AsyncHooks.setHookErrorReporter(longLivedReporter);
		}

		@AfterAll
		static void stop() {
			longLived.disable();
			AsyncHooks.setHookErrorPolicy(HookErrorPolicy.EXIT);
			AsyncHooks.setHookErrorReporter(HookErrorReporter.standardError());
		}

		@Test
		@Order(1)
		void leavesAHookEnabled() {
			AsyncHooks.createHook(new HookCallbacks() {
			}).enable();
		}

		@Test
		@Order(2)
		void changesThePolicy() {
			AsyncHooks.setHookErrorPolicy(HookErrorPolicy.HALT);
		}

		@Test
		@Order(3)
		void findsTheLongLivedStateAsItWas() {
			assertThat(AsyncHooks.enabledHooks()).containsExactly(longLived);
			assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorReporter()).isSameAs(longLivedReporter);
		}

	}

	@ExtendWith(CleanEngine.class)
	static class LeavesEverything {

		@Test
		void leavesAHookAndAFrame() {
			AsyncHooks.createHook(new HookCallbacks() {
			}).enable();
			ThreadState.current().enter(1_000_001, 1, new Object(), false, StorageContext.EMPTY);
		}

	}

	@TestMethodOrder(OrderAnnotation.class)
	static class Clean {

		static ExecutorService executor;

		static AsyncHook hook;

		static HookRecorder recorder;

		static AsyncResource resource;

		static AsyncResource seen;

		@RegisterExtension
		final CleanEngine engine = new CleanEngine();

		@Test
		@Order(1)
		void registersEverything() {
			executor = this.engine.shutDownAfter(Executors.newSingleThreadExecutor());
			hook = this.engine.disableAfter(AsyncHooks.createHook(new HookCallbacks() {
			}).enable());
			recorder = this.engine.record(HookRecorder.start());
			resource = this.engine.destroyAfter(
					new AsyncResource("REGISTERED", AsyncResourceOptions.defaults().withRequireManualDestroy(true)));
			seen = new AsyncResource("SEEN", AsyncResourceOptions.defaults().withRequireManualDestroy(true));
			executor.execute(() -> {
			});
		}

		@Test
		@Order(2)
		void findsItAllEnded() {
			assertThat(AsyncHooks.enabledHooks()).isEmpty();
		}

	}

}
