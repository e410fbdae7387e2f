package dev.asynchooks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.asynchooks.concurrent.TrackedCompletableFuture;
import dev.asynchooks.reliability.LifecycleLedger;
import dev.asynchooks.reliability.StressRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.asynchooks.HookErrorPolicyChild.APPLICATION_CONTINUED;
import static dev.asynchooks.HookErrorPolicyChild.CALLBACK_RAN;
import static dev.asynchooks.HookErrorPolicyChild.SHUTDOWN_HOOK_RAN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hook that throws, in one place: Node's rules R37 and R38, SPEC rule 8. The policy
 * {@link HookErrorPolicy#DISABLE_HOOK} and the reporter are tested in this JVM (also
 * under concurrency); the policies that end the process, the default and the system
 * property {@code asynchooks.onHookError} each in a child JVM running
 * {@link HookErrorPolicyChild} or {@link PromiseResolveFailureChild} (Node's
 * test-callback-error.js: status 1, stderr led by the error, 'exit' listeners run,
 * 'uncaughtException' listeners not consulted; with --abort-on-uncaught-exception no exit
 * listener).
 */
class HookErrorPolicyTests {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	@TempDir
	Path directory;

	private final List<AsyncResource> resources = new ArrayList<>();

	// R37
	@Test
	void policyCanBeSetAndReadBack() {
		assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.EXIT);
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK);
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.HALT);
		assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.HALT);
	}

	// R37, SPEC rule 8: the failing hook is disabled, the event still reaches the hooks
	// after it, the application never sees the exception, and the stack trace is printed
	// led by the exception's toString()
	@ParameterizedTest
	@ValueSource(strings = { "init", "before", "after", "destroy" })
	void disableHookPolicyDisablesTheFailingHookAndTheEventStillReachesTheOthers(String callback) {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		HookRecorder first = HookRecorder.start();
		FailingCallbacks failingCallbacks = new FailingCallbacks(callback,
				() -> new IllegalStateException("test_" + callback + "_callback"));
		AsyncHook failing = AsyncHooks.createHook(failingCallbacks).enable();
		HookRecorder second = HookRecorder.start();
		List<String> application = new ArrayList<>();
		HookErrorOutput.Captured output = HookErrorOutput.capture(() -> {
			AsyncResource resource = track(new AsyncResource("R"));
			application.add("value " + resource.runInAsyncScope(() -> 42));
			resource.emitDestroy();
			application.add("id " + resource.asyncId());
		});
		String stderr = output.stderr();
		boolean enabledAfterwards = failing.isEnabled();
		List<AsyncHook> enabledHooks = AsyncHooks.enabledHooks();
		first.close();
		second.close();
		long id = this.resources.get(0).asyncId();
		List<String> all = List.of("init R " + id + " trigger=1 eid=1", "before " + id, "after " + id, "destroy " + id);
		assertThat(application).containsExactly("value 42", "id " + id);
		assertThat(enabledAfterwards).isFalse();
		assertThat(enabledHooks).containsExactly(first.hook(), second.hook());
		assertThat(first.linesFor(id)).containsExactlyElementsOf(all);
		assertThat(second.linesFor(id)).containsExactlyElementsOf(all);
		List<String> callbacks = List.of("init", "before", "after", "destroy");
		assertThat(failingCallbacks.calls)
			.containsExactlyElementsOf(callbacks.subList(0, callbacks.indexOf(callback) + 1));
		assertThat(stderr.lines().findFirst())
			.hasValue("java.lang.IllegalStateException: test_" + callback + "_callback");
		assertThat(stderr).contains("FailingCallbacks." + callback);
		assertThat(output.log()).singleElement()
			.asString()
			.startsWith("WARNING: Disabled " + failing)
			.endsWith("after its " + callback + " callback threw java.lang.IllegalStateException: test_" + callback
					+ "_callback");
	}

	// R38: Node prints "Error: " and the inspected value for a non-Error throw; in Java,
	// whatever the throwable, its own toString() leads, also for a checked exception
	// the callback does not declare
	@Test
	void stackTraceIsLedByTheThrowablesOwnToStringForAnyKindOfThrowable() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		AsyncHook oddHook = AsyncHooks.createHook(new FailingCallbacks("init", OddThrowable::new)).enable();
		AsyncHook errorHook = AsyncHooks.createHook(new FailingCallbacks("init", () -> new AssertionError())).enable();
		HookErrorOutput.Captured output = HookErrorOutput.capture(() -> track(new AsyncResource("R")));
		String stderr = output.stderr();
		assertThat(output.log()).hasSize(2);
		assertThat(oddHook.isEnabled()).isFalse();
		assertThat(errorHook.isEnabled()).isFalse();
		assertThat(stderr.lines().filter((line) -> !line.startsWith("\t")).toList()).startsWith("Error: Symbol(foo)")
			.contains("java.lang.AssertionError");
		assertThat(stderr.lines().toList().indexOf("java.lang.AssertionError"))
			.isGreaterThan(stderr.lines().toList().indexOf("Error: Symbol(foo)"));
	}

	// R37
	// SPEC rule 8: a hook is disabled when it throws, not before; its earlier events were
	// delivered as usual
	@Test
	void hookIsDisabledOnlyOnceItThrows() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		HookRecorder recorder = HookRecorder.start();
		AsyncHook failing = AsyncHooks
			.createHook(new FailingCallbacks("destroy", () -> new IllegalStateException("only in destroy")))
			.enable();
		AsyncResource resource = track(new AsyncResource("R"));
		resource.runInAsyncScope(() -> {
		});
		boolean enabledBeforeDestroy = failing.isEnabled();
		HookErrorOutput.Captured output = HookErrorOutput.capture(resource::emitDestroy);
		String stderr = output.stderr();
		assertThat(output.log()).singleElement().asString().contains("after its destroy callback threw");
		recorder.close();
		long id = resource.asyncId();
		assertThat(enabledBeforeDestroy).isTrue();
		assertThat(failing.isEnabled()).isFalse();
		assertThat(stderr.lines().findFirst()).hasValue("java.lang.IllegalStateException: only in destroy");
		assertThat(recorder.linesFor(id)).containsExactly("init R " + id + " trigger=1 eid=1", "before " + id,
				"after " + id, "destroy " + id);
	}

	// a framework routes failures to its logging: the reporter gets each failure once,
	// with the hook, the event, the resource and the policy, and nothing is printed
	@ParameterizedTest
	@ValueSource(strings = { "init", "before", "after", "destroy" })
	void reporterGetsEachFailureOnceInsteadOfStandardError(String callback) {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		List<String> reports = new ArrayList<>();
		AsyncHooks.setHookErrorReporter(
				(hook, event, asyncId, failure, policy) -> reports.add(hook.callbacks().getClass().getSimpleName() + " "
						+ event + " " + asyncId + " " + failure + " " + policy + " enabled=" + hook.isEnabled()));
		assertThat(AsyncHooks.hookErrorReporter()).isNotSameAs(HookErrorReporter.standardError());
		AsyncHook failing = AsyncHooks
			.createHook(new FailingCallbacks(callback, () -> new IllegalStateException("reported")))
			.enable();
		HookErrorOutput.Captured output = HookErrorOutput.capture(() -> {
			AsyncResource resource = track(new AsyncResource("R"));
			resource.runInAsyncScope(() -> {
			});
			resource.emitDestroy();
		});
		String stderr = output.stderr();
		assertThat(output.log()).isEmpty();
		AsyncHooks.setHookErrorReporter(HookErrorReporter.standardError());
		long id = this.resources.get(0).asyncId();
		assertThat(failing.isEnabled()).isFalse();
		assertThat(stderr).isEmpty();
		assertThat(reports).containsExactly("FailingCallbacks " + callback + " " + id
				+ " java.lang.IllegalStateException: reported DISABLE_HOOK enabled=true");
	}

	// a reporter that throws does not save the process from the policy, and its failure
	// and the hook's are printed
	@Test
	void reporterThatThrowsStillGetsThePolicyApplied() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		AsyncHooks.setHookErrorReporter((hook, event, asyncId, failure, policy) -> {
			throw new IllegalArgumentException("reporter broke");
		});
		AsyncHook failing = AsyncHooks
			.createHook(new FailingCallbacks("init", () -> new IllegalStateException("hook broke")))
			.enable();
		HookErrorOutput.Captured output = HookErrorOutput.capture(() -> track(new AsyncResource("R")));
		String stderr = output.stderr();
		AsyncHooks.setHookErrorReporter(HookErrorReporter.standardError());
		assertThat(failing.isEnabled()).isFalse();
		assertThat(stderr.lines().filter((line) -> !line.startsWith("\t")).toList()).containsExactly(
				"java.lang.IllegalStateException: hook broke", "java.lang.IllegalArgumentException: reporter broke");
	}

	// R37, SPEC rules 8 and 13a: a hook that throws in promiseResolve is disabled, the
	// promise settles and is destroyed, and the other hooks get every event
	@Test
	void hookThrowingInPromiseResolveIsDisabledAndTheOthersStillGetTheEvent() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		HookRecorder before = HookRecorder.startWithoutResources();
		AsyncHook failing = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void promiseResolve(long asyncId) {
				throw new IllegalStateException("test_promiseResolve_callback");
			}

		}).enable();
		HookRecorder after = HookRecorder.startWithoutResources();
		TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
		HookErrorOutput.Captured output = HookErrorOutput.capture(() -> future.complete("value"));
		String stderr = output.stderr();
		assertThat(output.log()).singleElement().asString().contains("after its promiseResolve callback threw");
		before.close();
		after.close();
		long id = future.asyncId();
		assertThat(future.join()).isEqualTo("value");
		assertThat(failing.isEnabled()).isFalse();
		// the promise still settles, so it is still destroyed (rule 13a)
		assertThat(before.namesFor(id)).containsExactly("init", "promiseResolve", "destroy");
		assertThat(after.namesFor(id)).containsExactly("init", "promiseResolve", "destroy");
		assertThat(stderr.lines().findFirst()).hasValue(PromiseResolveFailureChild.FAILURE);
	}

	// SPEC rule 8 under concurrency: the failing hook may throw on several threads before
	// it is disabled; each failure is handled, no thread sees an exception, and the other
	// hooks lose no event
	@Test
	void hookThrowingOnManyThreadsAtOnceUnderDisableHookLosesNoEventOfTheOthers() throws Exception {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		LifecycleLedger ledger = new LifecycleLedger().enable();
		LongAdder failures = new LongAdder();
		AsyncHook failing = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				failures.increment();
				throw new IllegalStateException("expected");
			}

		}).enable();
		HookErrorOutput.Captured output;
		try {
			output = HookErrorOutput.capture(() -> {
				try {
					StressRun.runConcurrently(4, 2_000, 3, (random, index) -> {
						AsyncResource resource = new AsyncResource("R", MANUAL);
						resource.runInAsyncScope(Thread::yield);
						resource.emitDestroy();
					});
				}
				catch (Exception ex) {
					throw new AssertionError(ex);
				}
			});
		}
		finally {
			ledger.disable();
		}
		assertThat(failing.isEnabled()).isFalse();
		assertThat(failures.sum()).isBetween(1L, 4L);
		// each failure printed its stack trace; the hook was disabled, and reported, once
		assertThat(output.stderr().lines().filter((line) -> line.startsWith("java.lang.IllegalStateException")))
			.hasSize((int) failures.sum());
		assertThat(output.log()).singleElement()
			.asString()
			.startsWith("WARNING: Disabled " + failing
					+ " after its before callback threw java.lang.IllegalStateException");
		ledger.assertHeld();
		assertThat(ledger.inits()).isEqualTo(4 * 2_000);
		assertThat(ledger.runs()).isEqualTo(4 * 2_000);
	}

	// R37, SPEC rule 8: EXIT runs shutdown hooks, not the uncaught exception handler,
	// and the application never sees the exception
	@ParameterizedTest
	@ValueSource(strings = { "init", "before", "after", "destroy" })
	void exitPolicyExitsWithStatusOneAfterRunningShutdownHooks(String callback) throws Exception {
		Result result = runChild(List.of(), "EXIT", callback);
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure(callback));
		assertThat(result.stderr()).anySatisfy((line) -> assertThat(line).contains("FailingCallbacks." + callback));
		assertThat(result.stdout())
			.containsExactlyElementsOf(expectedStdout("policy=EXIT", callback, List.of(SHUTDOWN_HOOK_RAN)));
	}

	// R37, SPEC rule 8: also when the hook fails on a thread other than main
	@Test
	void exitPolicyExitsWithStatusOneWhenTheHookFailsOnAnotherThread() throws Exception {
		Result result = runChild(List.of(), "EXIT", "before", "thread");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure("before"));
		assertThat(result.stdout()).containsExactly("policy=EXIT", SHUTDOWN_HOOK_RAN);
	}

	// R37 with --abort-on-uncaught-exception, SPEC rule 8: HALT stops at once, without
	// shutdown hooks
	@ParameterizedTest
	@ValueSource(strings = { "init", "before", "after", "destroy" })
	void haltPolicyHaltsWithStatusOneWithoutRunningShutdownHooks(String callback) throws Exception {
		Result result = runChild(List.of(), "HALT", callback);
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure(callback));
		assertThat(result.stdout()).containsExactlyElementsOf(expectedStdout("policy=HALT", callback, List.of()));
	}

	// R37
	// SPEC rule 8: EXIT is the default, as in Node
	@Test
	void exitIsThePolicyWhenNothingSetsIt() throws Exception {
		Result result = runChild(List.of(), "-", "destroy");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure("destroy"));
		assertThat(result.stdout()).containsExactly("policy=EXIT", CALLBACK_RAN, SHUTDOWN_HOOK_RAN);
	}

	// R37
	// SPEC rule 8: the system property picks the policy; with disable-hook the
	// application carries on and exits normally
	@Test
	void systemPropertyDisableHookPicksDisableHook() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=disable-hook"), "-", "before");
		assertThat(result.status()).isZero();
		assertThat(result.stderr()).first().isEqualTo(failure("before"));
		assertThat(result.stdout()).containsExactly("policy=DISABLE_HOOK", CALLBACK_RAN, APPLICATION_CONTINUED,
				SHUTDOWN_HOOK_RAN);
	}

	// R37
	@Test
	void systemPropertyHaltPicksHalt() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=halt"), "-", "after");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure("after"));
		assertThat(result.stdout()).containsExactly("policy=HALT", CALLBACK_RAN);
	}

	// R37
	@Test
	void invalidSystemPropertyFailsWithAMessageNamingTheValue() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=explode"), "-", "none");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).anySatisfy((line) -> assertThat(line).contains("IllegalArgumentException")
			.contains("'explode'")
			.contains("asynchooks.onHookError"));
	}

	@Test
	void invalidSystemPropertyFailsWhenAHookIsCreatedNotWhenItFirstThrows() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=explode"), "-", "create");
		assertThat(result.status()).isZero();
		assertThat(result.stdout()).containsExactly("createHook failed: Invalid value 'explode' for system property "
				+ "'asynchooks.onHookError': expected one of exit, halt, disable-hook");
	}

	// SPEC rule 8 for promiseResolve, each policy in a child JVM
	@Test
	void hookThrowingInPromiseResolveUnderExitEndsTheProcessWithStatusOneAfterShutdownHooks() throws Exception {
		Result result = runChild(PromiseResolveFailureChild.class, List.of(), "EXIT");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(PromiseResolveFailureChild.FAILURE);
		assertThat(result.stdout()).containsExactly(PromiseResolveFailureChild.SHUTDOWN_HOOK_RAN);
	}

	@Test
	void hookThrowingInPromiseResolveUnderHaltEndsTheProcessWithStatusOneWithoutShutdownHooks() throws Exception {
		Result result = runChild(PromiseResolveFailureChild.class, List.of(), "HALT");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(PromiseResolveFailureChild.FAILURE);
		assertThat(result.stdout()).isEmpty();
	}

	@Test
	void hookThrowingInPromiseResolveUnderDisableHookLetsTheApplicationContinue() throws Exception {
		Result result = runChild(PromiseResolveFailureChild.class, List.of(), "DISABLE_HOOK");
		assertThat(result.status()).isZero();
		assertThat(result.stderr()).first().isEqualTo(PromiseResolveFailureChild.FAILURE);
		assertThat(result.stdout()).containsExactly(PromiseResolveFailureChild.APPLICATION_CONTINUED + " with value",
				PromiseResolveFailureChild.SHUTDOWN_HOOK_RAN);
	}

	private static String failure(String callback) {
		return new IllegalStateException("test_" + callback + "_callback").toString();
	}

	private static List<String> expectedStdout(String policy, String callback, List<String> atExit) {
		List<String> lines = new ArrayList<>(List.of(policy));
		if (callback.equals("after") || callback.equals("destroy")) {
			lines.add(CALLBACK_RAN);
		}
		lines.addAll(atExit);
		return lines;
	}

	private Result runChild(List<String> jvmOptions, String... arguments) throws IOException, InterruptedException {
		return runChild(HookErrorPolicyChild.class, jvmOptions, arguments);
	}

	private Result runChild(Class<?> main, List<String> jvmOptions, String... arguments)
			throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		List<String> command = new ArrayList<>(
				List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
		command.addAll(jvmOptions);
		command.add(main.getName());
		command.addAll(List.of(arguments));
		File stdout = this.directory.resolve("stdout.txt").toFile();
		File stderr = this.directory.resolve("stderr.txt").toFile();
		Process process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
		boolean finished = process.waitFor(60, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly();
		}
		assertThat(finished).as("child JVM finished").isTrue();
		return new Result(process.exitValue(), Files.readAllLines(stdout.toPath(), StandardCharsets.UTF_8),
				Files.readAllLines(stderr.toPath(), StandardCharsets.UTF_8));
	}

	private record Result(int status, List<String> stdout, List<String> stderr) {
	}

	private AsyncResource track(AsyncResource resource) {
		this.resources.add(resource);
		return this.engine.destroyAfter(resource);
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> RuntimeException sneaky(Throwable throwable) throws T {
		throw (T) throwable;
	}

	/** Records the callbacks it gets and throws from one of them. */
	private static final class FailingCallbacks implements HookCallbacks {

		final List<String> calls = new ArrayList<>();

		private final String callback;

		private final Supplier<Throwable> failure;

		private final Thread thread = Thread.currentThread();

		FailingCallbacks(String callback, Supplier<Throwable> failure) {
			this.callback = callback;
			this.failure = failure;
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			call("init");
		}

		@Override
		public void before(long asyncId) {
			call("before");
		}

		@Override
		public void after(long asyncId) {
			call("after");
		}

		@Override
		public void destroy(long asyncId) {
			call("destroy");
		}

		private void call(String name) {
			if (Thread.currentThread() != this.thread) {
				return;
			}
			this.calls.add(name);
			if (name.equals(this.callback)) {
				Throwable throwable = this.failure.get();
				if (throwable instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (throwable instanceof Error error) {
					throw error;
				}
				throw sneaky(throwable);
			}
		}

	}

	/** A checked throwable whose toString() is not the usual one. */
	private static final class OddThrowable extends Exception {

		@Override
		public String toString() {
			return "Error: Symbol(foo)";
		}

	}

}
