package dev.asynchooks.reliability;

import java.time.Duration;
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

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Bad input on the public core API, beyond what the validation tests of each class cover:
 * every wrong argument is refused with an exception whose message names it, before any
 * resource is made, or is accepted with a stated meaning; and nothing leaks (every
 * {@code init} seen has its {@code destroy}, no hook is left enabled, no frame is left).
 */
class BadInputTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine(Duration.ofSeconds(30));

	// promises, and resources a test dropped, are destroyed when garbage-collected (the
	// recorder keeps no reference to them)
	private final HookRecorder recorder = this.engine.checkEveryInitDestroyed(HookRecorder.startWithoutResources());

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
			List<Callable<Integer>> withNull = Arrays.asList(() -> 1, null);
			assertThatNullPointerException().isThrownBy(() -> executor.invokeAll(withNull))
				.withMessage("'tasks' must not contain null");
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
	void schedulerArgumentsTheJdkRefusesLeaveNoResourceBehind() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(Executors.newSingleThreadScheduledExecutor());
		try {
			assertThatNullPointerException().isThrownBy(() -> scheduler.schedule(() -> {
			}, 1, null)).withMessage("'unit' must not be null");
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

	@Test
	void asyncLocalStorageBindAndSnapshotRefuseNullFunctions() {
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
		assertThat(this.recorder.events()).as("only the snapshot's resource")
			.extracting(HookRecorder.Event::type)
			.containsExactly("AsyncLocalStorageSnapshot");
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

	@Test
	void negativeTriggerIsRefusedByTheOptionsNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> AsyncResourceOptions.defaults().withTriggerAsyncId(-1))
			.withMessage("Invalid triggerAsyncId value: -1 ('triggerAsyncId' must be 0 or more)");
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
	void destroyedResourceRefusesEveryWayOfRunningItNamingTheResource() {
		AsyncResource resource = new AsyncResource("GONE");
		Runnable bound = resource.bind(() -> {
		});
		resource.emitDestroy();
		resource.emitDestroy();
		String expected = "GONE(" + resource.asyncId() + ") trigger: 1 was destroyed and cannot run again";
		assertThatIllegalStateException().isThrownBy(bound::run).withMessage(expected);
		assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> 1)).withMessage(expected);
		assertThatIllegalStateException().isThrownBy(() -> resource.callInAsyncScope(() -> 1)).withMessage(expected);
		assertThat(this.recorder.namesFor(resource.asyncId())).containsExactly("init", "destroy");
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
