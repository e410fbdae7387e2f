package dev.asynchooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.internal.ThreadState;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test support: a JUnit Jupiter extension that fails a test which leaves global engine
 * state behind, and resets that state so the next test starts clean.
 * <p>
 * Declared once per test class, either as {@code @ExtendWith(CleanEngine.class)} or, when
 * the test registers things with it, as a field: <pre class="code">
 * &#64;RegisterExtension
 * final CleanEngine engine = new CleanEngine();
 *
 * private final HookRecorder recorder = this.engine.record(new HookRecorder());
 * </pre> After each test (after the test's own {@code @AfterEach} methods), in this
 * order:
 * <ol>
 * <li>every executor given to {@link #shutDownAfter} is shut down ({@code shutdownNow})
 * and must terminate;</li>
 * <li>for every recorder given to {@link #checkEveryInitDestroyed}, every resource whose
 * {@code init} it saw must get exactly one {@code destroy} (waited for, with garbage
 * collection, since resources nobody ends are destroyed when collected);</li>
 * <li>the hooks given to {@link #record} and {@link #disableAfter} are disabled: they are
 * the test's own, and are not leaks;</li>
 * <li>any other hook still enabled is disabled and fails the test; the hook error policy
 * is set back to {@code EXIT} and the reporter to standard error (a reporter left set
 * fails the test); {@link #changesOnly()} relaxes this for tests beside cached Spring
 * contexts;</li>
 * <li>the resources given to {@link #destroyAfter}, and every {@code AsyncResource} a
 * recorder saw, are destroyed, once no hook is left to see it (nothing is left for
 * garbage collection to destroy into a later test's hooks);</li>
 * <li>a frame left on the test thread fails the test, and is dropped.</li>
 * </ol>
 * Every step runs even when an earlier one fails; the first failure is thrown with the
 * others suppressed.
 */
public final class CleanEngine implements BeforeEachCallback, AfterEachCallback {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

	private final Duration timeout;

	private final boolean changesOnly;

	private @Nullable EngineState before;

	private final List<ExecutorService> executors = new ArrayList<>();

	private final List<HookRecorder> recorders = new ArrayList<>();

	private final List<HookRecorder> checkedRecorders = new ArrayList<>();

	private final List<AsyncHook> hooks = new ArrayList<>();

	private final List<AsyncResource> resources = new ArrayList<>();

	/**
	 * An extension that waits up to 20 seconds for executors to terminate and resources
	 * to be destroyed.
	 */
	public CleanEngine() {
		this(DEFAULT_TIMEOUT);
	}

	/**
	 * An extension that waits up to the given time for executors to terminate and
	 * resources to be destroyed.
	 * @param timeout how long to wait
	 */
	public CleanEngine(Duration timeout) {
		this(timeout, false);
	}

	private CleanEngine(Duration timeout, boolean changesOnly) {
		this.timeout = timeout;
		this.changesOnly = changesOnly;
	}

	/**
	 * An extension for tests that run beside long-lived users of the engine, such as the
	 * application contexts that Spring's test framework caches (and keeps, with their
	 * hooks enabled and their hook error reporter set, from one test class to the next):
	 * only a hook enabled during the test is a leak, the hook error policy and reporter
	 * are put back to what they were before the test, and a reporter changed by the test
	 * fails it. The other checks are those of {@link #CleanEngine()}.
	 * @return the extension
	 */
	public static CleanEngine changesOnly() {
		return new CleanEngine(DEFAULT_TIMEOUT, true);
	}

	/**
	 * Shut down an executor after the test, and fail the test if it does not terminate.
	 * @param <E> its type
	 * @param executor the executor
	 * @return the executor
	 */
	public synchronized <E extends ExecutorService> E shutDownAfter(E executor) {
		this.executors.add(executor);
		return executor;
	}

	/**
	 * Shut down now the executors registered so far, and fail unless they terminate: for
	 * a test whose checks need its executors ended.
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void shutDownExecutors() throws InterruptedException {
		List<ExecutorService> executors;
		synchronized (this) {
			executors = List.copyOf(this.executors);
			this.executors.clear();
		}
		shutDown(executors);
	}

	/**
	 * Close a recorder after the test (its hook is the test's own, not a leak), then
	 * destroy every {@code AsyncResource} it saw in {@code init}.
	 * @param recorder the recorder
	 * @return the recorder
	 */
	public synchronized HookRecorder record(HookRecorder recorder) {
		this.recorders.add(recorder);
		return recorder;
	}

	/**
	 * Fail the test unless every resource whose {@code init} the recorder saw gets
	 * exactly one {@code destroy}; the recorder is also {@linkplain #record recorded}.
	 * @param recorder the recorder
	 * @return the recorder
	 */
	public synchronized HookRecorder checkEveryInitDestroyed(HookRecorder recorder) {
		this.checkedRecorders.add(recorder);
		return record(recorder);
	}

	/**
	 * Disable a hook after the test: it is the test's own, not a leak.
	 * @param hook the hook
	 * @return the hook
	 */
	public synchronized AsyncHook disableAfter(AsyncHook hook) {
		this.hooks.add(hook);
		return hook;
	}

	/**
	 * Destroy a resource after the test, once the hooks are disabled.
	 * @param <R> its type
	 * @param resource the resource
	 * @return the resource
	 */
	public synchronized <R extends AsyncResource> R destroyAfter(R resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.changesOnly) {
			this.before = new EngineState(AsyncHooks.enabledHooks(), AsyncHooks.hookErrorPolicy(),
					AsyncHooks.hookErrorReporter());
		}
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		List<Throwable> failures = new ArrayList<>();
		List<ExecutorService> executors;
		List<HookRecorder> recorders;
		List<HookRecorder> checkedRecorders;
		List<AsyncHook> hooks;
		List<AsyncResource> resources;
		synchronized (this) {
			executors = List.copyOf(this.executors);
			recorders = List.copyOf(this.recorders);
			checkedRecorders = List.copyOf(this.checkedRecorders);
			hooks = List.copyOf(this.hooks);
			resources = List.copyOf(this.resources);
			this.executors.clear();
			this.recorders.clear();
			this.checkedRecorders.clear();
			this.hooks.clear();
			this.resources.clear();
		}
		step(failures, () -> shutDown(executors));
		for (HookRecorder recorder : checkedRecorders) {
			step(failures, () -> awaitEveryInitDestroyed(recorder));
		}
		recorders.forEach(HookRecorder::close);
		hooks.forEach(AsyncHook::disable);
		EngineState before = this.before;
		this.before = null;
		List<AsyncHook> leftover = new ArrayList<>(AsyncHooks.enabledHooks());
		if (before != null) {
			leftover.removeAll(before.hooks());
		}
		leftover.forEach(AsyncHook::disable);
		HookErrorReporter expectedReporter = (before != null) ? before.reporter() : HookErrorReporter.standardError();
		AsyncHooks.setHookErrorPolicy((before != null) ? before.policy() : HookErrorPolicy.EXIT);
		HookErrorReporter reporter = AsyncHooks.hookErrorReporter();
		AsyncHooks.setHookErrorReporter(expectedReporter);
		resources.forEach(AsyncResource::emitDestroy);
		recorders.forEach(HookRecorder::destroyRemaining);
		step(failures, () -> assertThat(leftover).as("hooks left enabled").isEmpty());
		step(failures, () -> assertThat(reporter).as("hook error reporter left set").isSameAs(expectedReporter));
		step(failures, CleanEngine::assertNoFrameAndDrop);
		if (!failures.isEmpty()) {
			Throwable first = failures.get(0);
			failures.subList(1, failures.size()).forEach(first::addSuppressed);
			if (first instanceof Exception exception) {
				throw exception;
			}
			if (first instanceof Error error) {
				throw error;
			}
			throw new AssertionError(first);
		}
	}

	private void shutDown(List<ExecutorService> executors) throws InterruptedException {
		for (ExecutorService executor : executors) {
			executor.shutdownNow();
		}
		for (ExecutorService executor : executors) {
			assertThat(executor.awaitTermination(this.timeout.toMillis(), TimeUnit.MILLISECONDS))
				.as("%s terminated", executor)
				.isTrue();
		}
	}

	private void awaitEveryInitDestroyed(HookRecorder recorder) {
		// resources a test dropped are destroyed when garbage-collected (a recorder made
		// with startWithoutResources keeps no reference to them)
		try {
			await().atMost(this.timeout).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
				System.gc();
				recorder.assertEveryInitDestroyedOnce();
			});
		}
		catch (ConditionTimeoutException ex) {
			// one last check decides and gives the message: on a loaded machine the wait
			// may end before the condition was evaluated even once
			try {
				System.gc();
				recorder.assertEveryInitDestroyedOnce();
			}
			catch (AssertionError failure) {
				throw new AssertionError("resources left alive (or destroyed twice) " + this.timeout.toMillis()
						+ " ms after the test: " + failure.getMessage(), failure);
			}
		}
	}

	private static void assertNoFrameAndDrop() {
		ThreadState state = ThreadState.current();
		long executionAsyncId = AsyncHooks.executionAsyncId();
		long triggerAsyncId = AsyncHooks.triggerAsyncId();
		int depth = state.depth();
		if (depth != 0) {
			// one test's leak must not fail every later test on this thread
			state.exit(0);
		}
		assertThat(depth).as("frames left on the test thread (executionAsyncId %d)", executionAsyncId).isZero();
		assertThat(executionAsyncId).as("executionAsyncId on the test thread").isEqualTo(1);
		assertThat(triggerAsyncId).as("triggerAsyncId on the test thread").isZero();
	}

	private static void step(List<Throwable> failures, Step step) {
		try {
			step.run();
		}
		catch (Throwable ex) {
			failures.add(ex);
		}
	}

	private record EngineState(List<AsyncHook> hooks, HookErrorPolicy policy, HookErrorReporter reporter) {
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Throwable;

	}

}
