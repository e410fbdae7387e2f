package dev.asynchooks.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link AsyncHooksExtension} run on test classes of its own through the JUnit Platform's
 * test kit: which of their tests fail, and with what message.
 */
class AsyncHooksExtensionTests {

	@Test
	void testThatLeavesAFutureIncompleteFailsWithTheTreeOfWhatItLeft() {
		Events tests = run(LeakingFuture.class);
		assertThat(tests.succeeded().count()).isZero();
		Throwable failure = failureOf(tests, "leavesAPromisePending");
		assertThat(failure).isInstanceOf(AssertionError.class)
			.hasMessageStartingWith(
					"2 asynchronous resources that this test created are still alive 2.0s after" + " it returned:\n");
		List<String> lines = failure.getMessage().lines().skip(1).toList();
		assertThat(lines).hasSize(2);
		// each with the line that created it
		String site = " at " + LeakingFuture.class.getName() + ".leavesAPromisePending(AsyncHooksExtensionTests.java:";
		assertThat(lines.get(0)).matches("PROMISE\\((\\d+)\\): trigger: 1 execution: 1 pending runs: 0 age: \\S+\\Q"
				+ site + LeakingFuture.line + ")\\E");
		String sourceId = lines.get(0).replaceAll("PROMISE\\((\\d+)\\).*", "$1");
		assertThat(lines.get(1)).startsWith("  PROMISE(")
			.contains(" trigger: " + sourceId + " execution: 1 pending runs: 0")
			.endsWith(site + (LeakingFuture.line + 2) + ")");
	}

	@Test
	void testThatLeavesATaskRunningFailsAndOneWhoseWorkEndsWithinTheGracePeriodPasses() {
		Events tests = run(TasksAfterTheTest.class);
		assertThat(tests.succeeded().list()).extracting(this::name).containsExactly("taskEndsSoonAfterTheTest");
		Throwable failure = failureOf(tests, "leavesATaskBlocked");
		assertThat(failure).hasMessageStartingWith(
				"1 asynchronous resource that this test created is still alive 2.0s after it returned:\n");
		assertThat(failure.getMessage().lines().skip(1).toList()).singleElement()
			.asString()
			.matches(
					"EXECUTOR_TASK\\(\\d+\\): trigger: 1 execution: 1 running on pool-\\d+-thread-1 #\\d+ runs: 1 age: \\S+"
							+ " at \\Q" + TasksAfterTheTest.class.getName()
							+ ".leavesATaskBlocked(AsyncHooksExtensionTests.java:\\E\\d+\\)");
	}

	@Test
	void resourcesThatExistedBeforeTheTestAndTheWorkTheyMakeNeverFailIt() {
		Events tests = run(SharedTimer.class);
		assertThat(tests.failed().list()).isEmpty();
		assertThat(tests.succeeded().list()).extracting(this::name)
			.containsExactly("timerThatExistedBeforeRunsOnAndLeavesWorkBehind");
	}

	@Test
	void timedOutTestCarriesTheLiveTreeAndPrintsIt() {
		PrintStream original = System.err;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
		Events tests;
		try {
			tests = run(TimingOut.class);
		}
		finally {
			System.setErr(original);
		}
		Throwable failure = failureOf(tests, "waitsTooLong");
		assertThat(failure.getSuppressed()).filteredOn(AsyncHooksExtension.LiveResourcesAtTimeout.class::isInstance)
			.singleElement()
			.satisfies((tree) -> {
				assertThat(tree.getMessage()).startsWith("Live asynchronous resources when waitsTooLong() timed out (")
					.containsPattern(
							"EXECUTOR_TASK\\(\\d+\\): trigger: 1 execution: 1 running on pool-\\d+-thread-1 #\\d+");
				assertThat(printed.toString(StandardCharsets.UTF_8))
					.isEqualTo(tree.getMessage() + System.lineSeparator());
			});
	}

	@Test
	void testThatFailsOnItsOwnIsNotBlamedForLeaksToo() {
		Events tests = run(FailingWithLeak.class);
		Throwable failure = failureOf(tests, "failsAndLeaks");
		assertThat(failure).hasMessage("the test's own failure").hasNoSuppressedExceptions();
	}

	private Events run(Class<?> testClass) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
	}

	private Throwable failureOf(Events tests, String method) {
		Event failed = tests.failed()
			.filter(EventConditions.test(method)::matches)
			.findFirst()
			.orElseThrow(() -> new AssertionError(method + " did not fail: " + tests.list()));
		return failed.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
			.getThrowable()
			.orElseThrow();
	}

	private String name(Event event) {
		return event.getTestDescriptor().getDisplayName().replace("()", "");
	}

	@ExtendWith(AsyncHooksExtension.class)
	static class LeakingFuture {

		// held, as a leaked future is: one that nothing holds is destroyed when it is
		// garbage-collected, which may happen within the grace period
		private static final List<Object> held = new ArrayList<>();

		// the line that creates the first promise
		static int line;

		@Test
		void leavesAPromisePending() {
			line = StackWalker.getInstance().walk((frames) -> frames.findFirst()).orElseThrow().getLineNumber() + 1;
			TrackedCompletableFuture<String> never = new TrackedCompletableFuture<>();
			held.add(never);
			held.add(never.thenApply(String::length));
		}

	}

	@ExtendWith(AsyncHooksExtension.class)
	static class TasksAfterTheTest {

		private static final CountDownLatch release = new CountDownLatch(1);

		private static ExecutorService executor;

		@BeforeAll
		static void start() {
			executor = AsyncExecutors.wrap(Executors.newSingleThreadExecutor());
		}

		@AfterAll
		static void stop() throws InterruptedException {
			release.countDown();
			executor.shutdown();
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}

		@Test
		void leavesATaskBlocked() throws InterruptedException {
			CountDownLatch started = new CountDownLatch(1);
			executor.execute(() -> {
				started.countDown();
				await(release);
			});
			started.await();
		}

		private final CountDownLatch endSoon = new CountDownLatch(1);

		@AfterEach
		void releaseTheTaskThatEndsSoon() {
			// after the test method returned, before the extension looks
			this.endSoon.countDown();
		}

		@Test
		void taskEndsSoonAfterTheTest() throws InterruptedException {
			ExecutorService own = AsyncExecutors.wrap(Executors.newSingleThreadExecutor());
			CountDownLatch started = new CountDownLatch(1);
			own.execute(() -> {
				started.countDown();
				await(this.endSoon);
			});
			own.shutdown();
			started.await();
		}

	}

	@ExtendWith(AsyncHooksExtension.class)
	static class SharedTimer {

		private static ScheduledExecutorService scheduler;

		// the ticks a test waits for, counted down by the timer's runs
		private static volatile CountDownLatch ticks = new CountDownLatch(0);

		// held, so that a collection cannot destroy what the ticks leave behind
		private static final List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

		@BeforeAll
		static void start() {
			scheduler = AsyncExecutors.wrap(Executors.newSingleThreadScheduledExecutor());
			// a timer of a shared context: alive before the test, and each tick leaves a
			// pending promise behind
			scheduler.scheduleAtFixedRate(() -> {
				held.add(new TrackedCompletableFuture<String>());
				ticks.countDown();
			}, 0, 5, TimeUnit.MILLISECONDS);
		}

		@AfterAll
		static void stop() throws InterruptedException {
			scheduler.shutdownNow();
			scheduler.awaitTermination(10, TimeUnit.SECONDS);
		}

		@Test
		void timerThatExistedBeforeRunsOnAndLeavesWorkBehind() throws InterruptedException {
			// two runs of the timer during the test, each leaving a pending promise
			CountDownLatch twoTicks = new CountDownLatch(2);
			ticks = twoTicks;
			assertThat(twoTicks.await(10, TimeUnit.SECONDS)).isTrue();
		}

	}

	@ExtendWith(AsyncHooksExtension.class)
	static class TimingOut {

		private static final CountDownLatch release = new CountDownLatch(1);

		@AfterAll
		static void release() {
			release.countDown();
		}

		@Test
		@Timeout(value = 200, unit = TimeUnit.MILLISECONDS)
		void waitsTooLong() throws Exception {
			ExecutorService executor = AsyncExecutors.wrap(Executors.newSingleThreadExecutor());
			try {
				executor.submit(() -> await(release)).get();
			}
			finally {
				executor.shutdown();
			}
		}

	}

	@ExtendWith(AsyncHooksExtension.class)
	static class FailingWithLeak {

		@Test
		void failsAndLeaks() {
			new TrackedCompletableFuture<String>();
			throw new IllegalStateException("the test's own failure");
		}

	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
