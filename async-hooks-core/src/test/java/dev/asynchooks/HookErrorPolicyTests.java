package dev.asynchooks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HookErrorPolicy#DISABLE_HOOK} in this JVM: Node's rules R37 and R38 as far as
 * they do not end the process (the fatal policies are in
 * {@link HookErrorPolicyProcessTests}), SPEC rule 8.
 */
class HookErrorPolicyTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

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
