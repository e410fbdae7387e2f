package dev.asynchooks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Argument and state checks of the API: Node's rules R45, R46 and R65 (bind of a
 * non-function), SPEC rule 11 and section 4 (Java exceptions instead of Node's error
 * codes; one destroy for two emitDestroy calls).
 */
class AsyncResourceValidationTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	// R8 (and section 3.9 of node-semantics: createHook() with no argument throws)
	@Test
	void createHookRejectsNullCallbacksNamingTheParameter() {
		assertThatNullPointerException().isThrownBy(() -> AsyncHooks.createHook(null))
			.withMessageContaining("callbacks");
	}

	// R37
	@Test
	void setHookErrorPolicyRejectsNullNamingTheParameter() {
		assertThatNullPointerException().isThrownBy(() -> AsyncHooks.setHookErrorPolicy(null))
			.withMessageContaining("policy");
		assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.EXIT);
	}

	// R45: Node throws ERR_INVALID_ARG_TYPE for a non-string type
	@Test
	void nullTypeIsRejectedNamingTheParameterAndDeliversNoInit() {
		HookRecorder recorder = HookRecorder.start();
		assertThatNullPointerException().isThrownBy(() -> new AsyncResource(null)).withMessageContaining("type");
		assertThatNullPointerException().isThrownBy(() -> new AsyncResource(null, 5)).withMessageContaining("type");
		assertThatNullPointerException().isThrownBy(() -> new AsyncResource(null, AsyncResourceOptions.defaults()))
			.withMessageContaining("type");
		recorder.close();
		assertThat(recorder.events()).filteredOn((event) -> event.thread() == Thread.currentThread()).isEmpty();
	}

	// R46: the options must be valid
	@Test
	void nullOptionsAreRejectedNamingTheParameter() {
		assertThatNullPointerException().isThrownBy(() -> new AsyncResource("T", (AsyncResourceOptions) null))
			.withMessageContaining("options");
	}

	// R45: Node rejects an empty type only while an init hook is enabled; SPEC rule 11
	// rejects it always
	@Test
	void emptyTypeIsRejectedWithOrWithoutHooks() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AsyncResource(""))
			.withMessageContaining("'type'")
			.withMessageContaining("empty");
		HookRecorder recorder = HookRecorder.start();
		assertThatIllegalArgumentException().isThrownBy(() -> new AsyncResource("", 1))
			.withMessageContaining("'type'")
			.withMessageContaining("empty");
		recorder.close();
		assertThat(recorder.events()).filteredOn((event) -> event.thread() == Thread.currentThread()).isEmpty();
	}

	// R46: test-async-hooks-asyncresource-constructor.js rejects -4 with
	// "Invalid triggerAsyncId value: -4"; SPEC rule 11 rejects every negative trigger
	// (Node accepts -1), Long.MIN_VALUE too (a value the engine could mistake for "no
	// trigger given")
	@ParameterizedTest
	@ValueSource(longs = { -1, -4, Long.MIN_VALUE + 1, Long.MIN_VALUE })
	void negativeTriggerIsRejectedNamingTheValue(long trigger) {
		HookRecorder recorder = HookRecorder.start();
		assertThatIllegalArgumentException().isThrownBy(() -> new AsyncResource("type", trigger))
			.withMessageContaining("Invalid triggerAsyncId value: " + trigger);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AsyncResource("type", AsyncResourceOptions.defaults().withTriggerAsyncId(trigger)))
			.withMessageContaining("Invalid triggerAsyncId value: " + trigger);
		recorder.close();
		assertThat(recorder.events()).filteredOn((event) -> event.thread() == Thread.currentThread()).isEmpty();
	}

	// R49: bind rejects a non-function; so does every function parameter here
	@Test
	void nullFunctionsAreRejectedNamingTheParameter() {
		AsyncResource resource = track(new AsyncResource("R"));
		assertThatNullPointerException().isThrownBy(() -> resource.runInAsyncScope((Runnable) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.runInAsyncScope((Supplier<?>) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.callInAsyncScope(null)).withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.bind((Runnable) null)).withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.bind((Supplier<?>) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.bind((Callable<?>) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.bind((Function<?, ?>) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> resource.bind((Consumer<?>) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> AsyncResource.bind((Runnable) null, "T"))
			.withMessageContaining("fn");
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	// R65: Node's AsyncLocalStorage.bind rejects non-functions with ERR_INVALID_ARG_TYPE
	@Test
	void asyncLocalStorageRejectsNullArgumentsNamingTheParameter() {
		AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();
		assertThatNullPointerException().isThrownBy(() -> new AsyncLocalStorage<String>(null, "default"))
			.withMessageContaining("name");
		assertThatNullPointerException().isThrownBy(() -> storage.run("store", (Runnable) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> storage.run("store", (Supplier<?>) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> storage.call("store", null)).withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> storage.exit((Runnable) null)).withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> storage.exit((Supplier<?>) null)).withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> AsyncLocalStorage.bind((Runnable) null))
			.withMessageContaining("fn");
		assertThatNullPointerException().isThrownBy(() -> AsyncLocalStorage.bind((Supplier<?>) null))
			.withMessageContaining("fn");
		assertThat(storage.getStore()).isNull();
	}

	// R45, R50
	// SPEC rule 11: an explicit empty type for static bind is as invalid as for the
	// constructor
	@Test
	void staticBindRejectsAnEmptyType() {
		assertThatIllegalArgumentException().isThrownBy(() -> AsyncResource.bind(() -> {
		}, "")).withMessageContaining("'type'");
	}

	// R48: Node does not check runInAsyncScope after emitDestroy; here it is an
	// IllegalStateException
	// A destroyed resource cannot be entered again: its destroy was delivered already
	@Test
	void runningADestroyedResourceThrowsAndDeliversNoEvent() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("DONE"));
		resource.emitDestroy();
		List<String> ran = new ArrayList<>();
		assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> ran.add("ran")))
			.withMessageContaining("DONE(" + resource.asyncId() + ")")
			.withMessageContaining("destroyed");
		assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> ran.add("ran")))
			.withMessageContaining("destroyed");
		assertThatIllegalStateException().isThrownBy(() -> resource.callInAsyncScope(() -> ran.add("ran")))
			.withMessageContaining("destroyed");
		assertThatIllegalStateException().isThrownBy(() -> resource.bind(() -> {
			ran.add("ran");
		}).run()).withMessageContaining("destroyed");
		recorder.close();
		long id = resource.asyncId();
		assertThat(ran).isEmpty();
		assertThat(resource.isDestroyed()).isTrue();
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
		assertThat(recorder.linesFor(id)).containsExactly("init DONE " + id + " trigger=1 eid=1", "destroy " + id);
	}

	// R2: destroy at most once per id
	// SPEC section 4: Node may deliver a second destroy; here emitDestroy is idempotent
	@Test
	void destroyIsDeliveredOnceWhenEmitDestroyIsCalledTwice() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("TWICE"));
		assertThat(resource.isDestroyed()).isFalse();
		assertThat(resource.emitDestroy()).isSameAs(resource);
		assertThat(resource.emitDestroy()).isSameAs(resource);
		recorder.close();
		long id = resource.asyncId();
		assertThat(resource.isDestroyed()).isTrue();
		assertThat(recorder.linesFor(id)).containsExactly("init TWICE " + id + " trigger=1 eid=1", "destroy " + id);
	}

	// R2: destroy at most once per id
	// SPEC rule 10: concurrent emitDestroy calls deliver one destroy too
	@Test
	void destroyIsDeliveredOnceWhenManyThreadsCallEmitDestroyAtOnce() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		List<AsyncResource> batch = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			batch.add(track(new AsyncResource("RACED")));
		}
		CyclicBarrier barrier = new CyclicBarrier(4);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				try {
					barrier.await(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				batch.forEach(AsyncResource::emitDestroy);
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(10_000);
			assertThat(thread.isAlive()).isFalse();
		}
		recorder.close();
		for (AsyncResource resource : batch) {
			long id = resource.asyncId();
			assertThat(recorder.linesFor(id)).containsExactly("init RACED " + id + " trigger=1 eid=1", "destroy " + id);
		}
	}

	// R40, R48: the exception reaches the caller as it is
	@Test
	void checkedExceptionOfCallInAsyncScopeIsNotWrapped() {
		AsyncResource resource = track(new AsyncResource("R"));
		Exception checked = new Exception("checked");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> resource.callInAsyncScope(() -> {
			throw checked;
		})).isSameAs(checked);
	}

	private AsyncResource track(AsyncResource resource) {
		return this.engine.destroyAfter(resource);
	}

}
