package dev.asynchooks.reliability;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorOutput;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hooks that misbehave, where the existing policy and concurrency tests stop: a hook
 * throwing in {@code promiseResolve} under each {@link HookErrorPolicy} (the fatal ones
 * in child JVMs), a hook throwing on many threads at once under {@code DISABLE_HOOK}, and
 * hooks enabled and disabled from inside hook callbacks on many threads at once.
 * (Throwing in {@code init}/{@code before}/{@code after}/{@code destroy} under each
 * policy, and a slow hook, are covered by {@code HookErrorPolicyTests},
 * {@code HookErrorPolicyProcessTests} and {@code HookConcurrencyTests}.)
 */
@ExtendWith(CleanEngine.class)
class MisbehavingHookTests {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	@TempDir
	Path directory;

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

	@Test
	void hookThrowingInPromiseResolveUnderExitEndsTheProcessWithStatusOneAfterShutdownHooks() throws Exception {
		Result result = runChild("EXIT");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(PromiseResolveFailureChild.FAILURE);
		assertThat(result.stdout()).containsExactly(PromiseResolveFailureChild.SHUTDOWN_HOOK_RAN);
	}

	@Test
	void hookThrowingInPromiseResolveUnderHaltEndsTheProcessWithStatusOneWithoutShutdownHooks() throws Exception {
		Result result = runChild("HALT");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(PromiseResolveFailureChild.FAILURE);
		assertThat(result.stdout()).isEmpty();
	}

	@Test
	void hookThrowingInPromiseResolveUnderDisableHookLetsTheApplicationContinue() throws Exception {
		Result result = runChild("DISABLE_HOOK");
		assertThat(result.status()).isZero();
		assertThat(result.stderr()).first().isEqualTo(PromiseResolveFailureChild.FAILURE);
		assertThat(result.stdout()).containsExactly(PromiseResolveFailureChild.APPLICATION_CONTINUED + " with value",
				PromiseResolveFailureChild.SHUTDOWN_HOOK_RAN);
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

	// SPEC rule 6 on many threads at once: each thread enables its own hook inside the
	// before callback of a shared hook, and disables it inside the after callback. The
	// hook enabled there misses that before (the dispatch in progress), gets everything
	// raised in the resource's scope, and gets that after (disabled during the dispatch
	// in progress) but not the destroy that follows
	@Test
	void hooksEnabledAndDisabledInsideHookCallbacksOnManyThreadsAtOnceFollowRuleSix() throws Exception {
		Map<Thread, AsyncHook> perThread = new ConcurrentHashMap<>();
		Map<Thread, List<String>> seen = new ConcurrentHashMap<>();
		List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
		LifecycleLedger ledger = new LifecycleLedger().enable();
		AsyncHook toggling = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				AsyncHook own = perThread.get(Thread.currentThread());
				if (own != null) {
					own.enable();
				}
			}

			@Override
			public void after(long asyncId) {
				AsyncHook own = perThread.get(Thread.currentThread());
				if (own != null) {
					own.disable();
				}
			}

		}).enable();
		int rounds = 2_000;
		try {
			StressRun.runConcurrently(4, rounds, 5, (random, index) -> {
				Thread thread = Thread.currentThread();
				List<String> events = seen.computeIfAbsent(thread, (t) -> new ArrayList<>());
				perThread.computeIfAbsent(thread, (t) -> AsyncHooks.createHook(new OwnThreadEvents(t, events)));
				AsyncResource outer = new AsyncResource("OUTER", MANUAL);
				long[] inner = new long[1];
				outer.runInAsyncScope(() -> {
					AsyncResource nested = new AsyncResource("INNER", MANUAL);
					inner[0] = nested.asyncId();
					nested.emitDestroy();
				});
				outer.emitDestroy();
				long o = outer.asyncId();
				List<String> expected = List.of("init " + inner[0], "destroy " + inner[0], "after " + o);
				if (!events.equals(expected)) {
					violations.add(thread.getName() + " round " + index + ": " + events + " instead of " + expected);
				}
				events.clear();
			});
		}
		finally {
			toggling.disable();
			ledger.disable();
			perThread.values().forEach(AsyncHook::disable);
		}
		assertThat(violations).isEmpty();
		assertThat(perThread).hasSize(4);
		ledger.assertHeld();
		assertThat(ledger.inits()).isEqualTo(4 * rounds * 2);
	}

	/** Records the events raised on one thread; only that thread touches the list. */
	private record OwnThreadEvents(Thread owner, List<String> events) implements HookCallbacks {

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			record("init " + asyncId);
		}

		@Override
		public void before(long asyncId) {
			record("before " + asyncId);
		}

		@Override
		public void after(long asyncId) {
			record("after " + asyncId);
		}

		@Override
		public void destroy(long asyncId) {
			record("destroy " + asyncId);
		}

		private void record(String event) {
			if (Thread.currentThread() == this.owner) {
				this.events.add(event);
			}
		}

	}

	private Result runChild(String policy) throws Exception {
		String java = ProcessHandle.current().info().command().orElseThrow();
		List<String> command = List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), PromiseResolveFailureChild.class.getName(), policy);
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

}
