package dev.asynchooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Bad input on the public core API, in one place: every wrong argument is refused with an
 * exception whose message names it, before any resource is made, or is accepted with a
 * stated meaning (Node's rules R8, R37, R45, R46, R49, R65; SPEC rule 11 and section 4:
 * Java exceptions instead of Node's error codes); and nothing leaks: every {@code init}
 * seen has its {@code destroy}, no hook is left enabled, no frame is left.
 */
class BadInputTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine(Duration.ofSeconds(30));

	// promises, and resources a test dropped, are destroyed when garbage-collected (the
	// recorder keeps no reference to them)
	private final HookRecorder recorder = this.engine.checkEveryInitDestroyed(HookRecorder.startWithoutResources());

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
			.withMessage("Invalid triggerAsyncId value: " + trigger + " ('triggerAsyncId' must be 0 or more)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AsyncResource("type", AsyncResourceOptions.defaults().withTriggerAsyncId(trigger)))
			.withMessage("Invalid triggerAsyncId value: " + trigger + " ('triggerAsyncId' must be 0 or more)");
		recorder.close();
		assertThat(recorder.events()).filteredOn((event) -> event.thread() == Thread.currentThread()).isEmpty();
	}

	// R49: bind rejects a non-function; so does every function parameter here
	@Test
	void nullFunctionsAreRejectedNamingTheParameter() {
		AsyncResource resource = new AsyncResource("R");
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
		resource.emitDestroy();
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	// R45, R50
	// SPEC rule 11: an explicit empty type for static bind is as invalid as for the
	// constructor
	@Test
	void staticBindRejectsAnEmptyType() {
		assertThatIllegalArgumentException().isThrownBy(() -> AsyncResource.bind(() -> {
		}, "")).withMessageContaining("'type'");
	}

	// R65: Node's AsyncLocalStorage.bind rejects non-functions with ERR_INVALID_ARG_TYPE;
	// here every function parameter of AsyncLocalStorage and its snapshot refuses null
	@Test
	void asyncLocalStorageRefusesNullArgumentsNamingThem() {
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
		assertThatNullPointerException().isThrownBy(() -> AsyncLocalStorage.bind((Callable<?>) null))
			.withMessage("'fn' must not be null");
		assertThatNullPointerException().isThrownBy(() -> AsyncLocalStorage.bind((Function<?, ?>) null))
			.withMessage("'fn' must not be null");
		assertThatNullPointerException().isThrownBy(() -> AsyncLocalStorage.bind((Consumer<?>) null))
			.withMessage("'fn' must not be null");
		AsyncLocalStorage.Snapshot snapshot = AsyncLocalStorage.snapshot();
		assertThatNullPointerException().isThrownBy(() -> snapshot.run((Runnable) null))
			.withMessage("'fn' must not be null");
		assertThatNullPointerException().isThrownBy(() -> snapshot.run((Supplier<?>) null))
			.withMessage("'fn' must not be null");
		assertThat(storage.getStore()).isNull();
		assertThat(this.recorder.events()).as("only the snapshot's resource")
			.extracting(HookRecorder.Event::type)
			.containsExactly("AsyncLocalStorageSnapshot");
	}

	// R48: Node does not check runInAsyncScope after emitDestroy; here every way of
	// running
	// a destroyed resource (bound before or after its destroy) is an
	// IllegalStateException
	// naming it, and delivers no event: its destroy was delivered already
	@Test
	void destroyedResourceRefusesEveryWayOfRunningItNamingTheResource() {
		List<String> ran = new ArrayList<>();
		AsyncResource resource = new AsyncResource("GONE");
		Runnable boundBefore = resource.bind(() -> {
			ran.add("ran");
		});
		resource.emitDestroy();
		resource.emitDestroy();
		long id = resource.asyncId();
		String expected = "GONE(" + id + ") trigger: 1 was destroyed and cannot run again";
		assertThatIllegalStateException().isThrownBy(boundBefore::run).withMessage(expected);
		assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> {
			ran.add("ran");
		})).withMessage(expected);
		assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> ran.add("ran")))
			.withMessage(expected);
		assertThatIllegalStateException().isThrownBy(() -> resource.callInAsyncScope(() -> ran.add("ran")))
			.withMessage(expected);
		assertThatIllegalStateException().isThrownBy(() -> resource.bind(() -> {
			ran.add("ran");
		}).run()).withMessage(expected);
		assertThat(ran).isEmpty();
		assertThat(resource.isDestroyed()).isTrue();
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
		assertThat(this.recorder.linesFor(id)).containsExactly("init GONE " + id + " trigger=1 eid=1", "destroy " + id);
	}

	@Test
	void wrappingNullIsRefusedNamingTheExecutor() {
		assertThatNullPointerException().isThrownBy(() -> AsyncExecutors.wrap((Executor) null))
			.withMessage("'executor' must not be null");
		assertThatNullPointerException().isThrownBy(() -> AsyncExecutors.wrap((ExecutorService) null))
			.withMessage("'executor' must not be null");
		assertThatNullPointerException().isThrownBy(() -> AsyncExecutors.wrap((ScheduledExecutorService) null))
			.withMessage("'executor' must not be null");
		assertThatNullPointerException().isThrownBy(() -> AsyncExecutors.unwrap((Executor) null))
			.withMessage("'executor' must not be null");
		assertThatNullPointerException().isThrownBy(() -> AsyncExecutors.isWrapped(null))
			.withMessage("'executor' must not be null");
	}

	@Test
	void wrappingTwiceReturnsTheSameWrapper() {
		ScheduledExecutorService raw = Executors.newSingleThreadScheduledExecutor();
		try {
			ScheduledExecutorService scheduled = AsyncExecutors.wrap(raw);
			assertThat(AsyncExecutors.wrap(scheduled)).isSameAs(scheduled);
			assertThat(AsyncExecutors.wrap((ExecutorService) scheduled)).isSameAs(scheduled);
			assertThat(AsyncExecutors.wrap((Executor) scheduled)).isSameAs(scheduled);
			assertThat(AsyncExecutors.unwrap(scheduled)).isSameAs(raw);
			assertThat(AsyncExecutors.isWrapped(scheduled)).isTrue();
			assertThat(AsyncExecutors.isWrapped(raw)).isFalse();
		}
		finally {
			raw.shutdownNow();
		}
	}

	@Test
	void nullTasksAreRefusedNamingThemBeforeAnyResourceIsMade() throws Exception {
		ExecutorService raw = Executors.newSingleThreadExecutor();
		ExecutorService executor = AsyncExecutors.wrap(raw);
		try {
			assertThatNullPointerException().isThrownBy(() -> executor.execute(null))
				.withMessage("'command' must not be null");
			assertThatNullPointerException().isThrownBy(() -> executor.submit((Runnable) null))
				.withMessage("'task' must not be null");
			assertThatNullPointerException().isThrownBy(() -> executor.submit((Callable<?>) null))
				.withMessage("'task' must not be null");
			assertThatNullPointerException().isThrownBy(() -> executor.submit(null, "result"))
				.withMessageContaining("'task'");
			assertThatNullPointerException().isThrownBy(() -> executor.invokeAll(null))
				.withMessageContaining("'tasks'");
			List<Callable<Integer>> withNull = Arrays.asList(() -> 1, null);
			assertThatNullPointerException().isThrownBy(() -> executor.invokeAll(withNull))
				.withMessage("'tasks' must not contain null");
			assertThatNullPointerException().isThrownBy(() -> executor.invokeAny(withNull))
				.withMessageContaining("'tasks'");
			assertThatNullPointerException().isThrownBy(() -> executor.invokeAll(List.of(() -> 1), 1, null))
				.withMessage("'unit' must not be null");
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.recorder.events()).as("no resource made for a refused call").isEmpty();
	}

	@Test
	void nullSchedulerArgumentsAreRefusedNamingThemBeforeAnyResourceIsMade() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(Executors.newSingleThreadScheduledExecutor());
		Runnable task = () -> {
		};
		try {
			assertThatNullPointerException().isThrownBy(() -> scheduler.schedule((Runnable) null, 1, TimeUnit.SECONDS))
				.withMessageContaining("'command'");
			assertThatNullPointerException()
				.isThrownBy(() -> scheduler.schedule((Callable<?>) null, 1, TimeUnit.SECONDS))
				.withMessageContaining("'callable'");
			assertThatNullPointerException().isThrownBy(() -> scheduler.schedule(task, 1, null))
				.withMessage("'unit' must not be null");
			assertThatNullPointerException()
				.isThrownBy(() -> scheduler.scheduleAtFixedRate(null, 1, 1, TimeUnit.SECONDS))
				.withMessageContaining("'command'");
			assertThatNullPointerException().isThrownBy(() -> scheduler.scheduleWithFixedDelay(task, 1, 1, null))
				.withMessageContaining("'unit'");
		}
		finally {
			scheduler.shutdownNow();
			assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.recorder.events()).as("no resource made for a refused call").isEmpty();
	}

	@Test
	void schedulerArgumentsTheJdkRefusesLeaveNoResourceBehind() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(Executors.newSingleThreadScheduledExecutor());
		try {
			// refused by the JDK scheduler behind the wrapper: a resource made for the
			// task before the delegate refused it must be destroyed
			assertThatIllegalArgumentException().isThrownBy(() -> scheduler.scheduleAtFixedRate(() -> {
			}, 0, 0, TimeUnit.MILLISECONDS));
			assertThatIllegalArgumentException().isThrownBy(() -> scheduler.scheduleWithFixedDelay(() -> {
			}, 0, -1, TimeUnit.MILLISECONDS));
		}
		finally {
			scheduler.shutdownNow();
			assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void trackedFutureFactoriesRefuseNullNamingTheParameter() {
		assertThatNullPointerException().isThrownBy(() -> TrackedCompletableFuture.of(null))
			.withMessage("'stage' must not be null");
		assertThatNullPointerException().isThrownBy(() -> TrackedCompletableFuture.supplyAsync(null))
			.withMessage("'supplier' must not be null");
		assertThatNullPointerException().isThrownBy(() -> TrackedCompletableFuture.supplyAsync(() -> 1, null))
			.withMessage("'executor' must not be null");
		assertThatNullPointerException().isThrownBy(() -> TrackedCompletableFuture.runAsync(null))
			.withMessage("'runnable' must not be null");
		assertThatNullPointerException().isThrownBy(() -> TrackedCompletableFuture.failedFuture(null))
			.withMessage("'ex' must not be null");
		assertThat(this.recorder.events()).as("no resource made for a refused call").isEmpty();
	}

	@Test
	void trackingATrackedFutureTwiceReturnsIt() {
		TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
		assertThat(TrackedCompletableFuture.of(future)).isSameAs(future);
		assertThat(TrackedCompletableFuture.of(TrackedCompletableFuture.of(future))).isSameAs(future);
		CompletableFuture<String> foreign = new CompletableFuture<>();
		TrackedCompletableFuture<String> tracked = TrackedCompletableFuture.of(foreign);
		assertThat(TrackedCompletableFuture.of(tracked)).isSameAs(tracked);
		foreign.complete("done");
		assertThat(tracked.join()).isEqualTo("done");
	}

	// enterWith(null) sets a null store: getStore() is null, not the default value,
	// until the frame ends; on a thread with no frame it stays until changed
	@Test
	void enterWithNullSetsANullStoreThatEndsWithTheCallback() {
		AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("with-default", "default");
		AsyncResource resource = new AsyncResource("R");
		String inside = resource.runInAsyncScope(() -> {
			storage.enterWith(null);
			return String.valueOf(storage.getStore());
		});
		resource.emitDestroy();
		assertThat(inside).isEqualTo("null");
		assertThat(storage.getStore()).isEqualTo("default");
		storage.run("set", () -> {
			storage.enterWith(null);
			assertThat(storage.getStore()).isNull();
		});
		assertThat(storage.getStore()).isEqualTo("default");
	}

	// the record's own constructor, not only withTriggerAsyncId, makes options whose
	// negative trigger the resource refuses
	@Test
	void negativeTriggerOfOptionsMadeWithTheirConstructorIsRefusedNamingTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AsyncResource("R", new AsyncResourceOptions(-7, true)))
			.withMessage("Invalid triggerAsyncId value: -7 ('triggerAsyncId' must be 0 or more)");
		assertThat(this.recorder.events()).isEmpty();
	}

	// Node checks neither that a trigger exists nor what a type looks like beyond being
	// a non-empty string: both are reported as given
	@Test
	void oddTypesAndUnknownTriggersAreReportedAsGiven() {
		String longType = "T".repeat(10_000);
		List<String> types = List.of(" ", "two words", "line\nbreak", "\u00e9v\u00e9nement \u2603", longType);
		for (String type : types) {
			AsyncResource resource = new AsyncResource(type, new AsyncResourceOptions(987_654_321L, true));
			assertThat(resource.type()).isSameAs(type);
			resource.emitDestroy();
		}
		assertThat(this.recorder.events()).filteredOn((event) -> event.name().equals("init"))
			.extracting(HookRecorder.Event::type, HookRecorder.Event::triggerAsyncId)
			.containsExactly(types.stream()
				.map((type) -> org.assertj.core.groups.Tuple.tuple(type, 987_654_321L))
				.toArray(org.assertj.core.groups.Tuple[]::new));
	}

	@Test
	void sameCallbacksInTwoHooksAreTwoHooks() {
		HookCallbacks callbacks = new HookCallbacks() {
		};
		AsyncHook first = AsyncHooks.createHook(callbacks);
		AsyncHook second = AsyncHooks.createHook(callbacks);
		assertThat(first).isNotSameAs(second);
		first.enable();
		assertThat(second.isEnabled()).isFalse();
		second.enable().enable();
		assertThat(AsyncHooks.enabledHooks()).containsExactly(this.recorder.hook(), first, second);
		first.disable();
		second.disable().disable();
		assertThat(AsyncHooks.enabledHooks()).containsExactly(this.recorder.hook());
	}

}
