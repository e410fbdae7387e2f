package dev.asynchooks.agent;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Plain {@link CompletableFuture}s, with no library type in the work: under the agent
 * every future is a {@code PROMISE} with the rules of {@code TrackedCompletableFuture}
 * (SPEC rules 13–15, 13a, 13b).
 */
class CompletableFutureTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final PromiseEvents events = PromiseEvents.start();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void close() throws InterruptedException {
		this.pool.shutdownNow();
		assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.events.close();
	}

	@Test
	void aFutureCompletedByHandIsAPromiseTriggeredByItsCreatorWithoutBeforeOrAfter() {
		AsyncResource request = new AsyncResource("REQUEST");
		CompletableFuture<String> future = request.runInAsyncScope(() -> new CompletableFuture<String>());
		PromiseEvents.Event init = this.events.initOf(future);
		assertThat(init.type()).isEqualTo(ResourceTypes.PROMISE);
		assertThat(init.triggerAsyncId()).isEqualTo(request.asyncId());
		assertThat(init.executionAsyncId()).isEqualTo(request.asyncId());
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init");
		assertThat(future.complete("done")).isTrue();
		assertThat(future.complete("again")).isFalse();
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "promiseResolve", "destroy");
		assertThat(future.join()).isEqualTo("done");
		request.emitDestroy();
	}

	@Test
	void everyWayOfCompletingDeliversOnePromiseResolveAndOneDestroy() {
		CompletableFuture<String> failed = new CompletableFuture<>();
		failed.completeExceptionally(new IllegalStateException("expected"));
		CompletableFuture<String> cancelled = new CompletableFuture<>();
		cancelled.cancel(false);
		CompletableFuture<String> obtruded = new CompletableFuture<>();
		obtruded.obtrudeValue("forced");
		obtruded.obtrudeValue("again");
		CompletableFuture<String> completed = CompletableFuture.completedFuture("now");
		CompletableFuture<String> failedFuture = CompletableFuture.failedFuture(new IllegalStateException("expected"));
		CompletionStage<String> stage = CompletableFuture.completedStage("stage");
		for (Object future : List.of(failed, cancelled, obtruded, completed, failedFuture, stage)) {
			assertThat(this.events.namesOf(this.events.idOf(future))).as(future.toString())
				.containsExactly("init", "promiseResolve", "destroy");
		}
	}

	@Test
	void aDependentRunsInItsOwnScopeTriggeredByItsSource() {
		AtomicLong executionAsyncId = new AtomicLong();
		AtomicLong triggerAsyncId = new AtomicLong();
		AtomicReference<Object> resource = new AtomicReference<>();
		CompletableFuture<Integer> source = new CompletableFuture<>();
		CompletableFuture<Integer> dependent = source.thenApply((value) -> {
			executionAsyncId.set(AsyncHooks.executionAsyncId());
			triggerAsyncId.set(AsyncHooks.triggerAsyncId());
			resource.set(AsyncHooks.executionAsyncResource());
			return value + 1;
		});
		long sourceId = this.events.idOf(source);
		PromiseEvents.Event init = this.events.initOf(dependent);
		assertThat(init.type()).isEqualTo(ResourceTypes.PROMISE);
		assertThat(init.triggerAsyncId()).isEqualTo(sourceId);
		source.complete(1);
		assertThat(dependent.join()).isEqualTo(2);
		assertThat(executionAsyncId).hasValue(init.asyncId());
		assertThat(triggerAsyncId).hasValue(sourceId);
		assertThat(resource).hasValue(dependent);
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "promiseResolve", "after",
				"destroy");
		// the source is destroyed before its dependent runs
		assertThat(this.events.indexOf("destroy", sourceId)).isLessThan(this.events.indexOf("before", init.asyncId()));
	}

	@Test
	void aDependentOfACompleteSourceRunsAtOnceInItsScope() {
		AtomicLong executionAsyncId = new AtomicLong();
		CompletableFuture<Integer> source = CompletableFuture.completedFuture(1);
		CompletableFuture<Void> dependent = source
			.thenAccept((value) -> executionAsyncId.set(AsyncHooks.executionAsyncId()));
		long id = this.events.idOf(dependent);
		assertThat(executionAsyncId).hasValue(id);
		assertThat(this.events.initOf(dependent).triggerAsyncId()).isEqualTo(this.events.idOf(source));
		assertThat(this.events.namesOf(id)).containsExactly("init", "before", "promiseResolve", "after", "destroy");
	}

	@Test
	void aDependentRunsInTheContextOfTheCodeThatRegisteredItNotOfTheThreadThatCompletedTheSource() throws Exception {
		CompletableFuture<String> source = new CompletableFuture<>();
		AtomicReference<String> seen = new AtomicReference<>();
		AtomicReference<String> seenByHandle = new AtomicReference<>();
		CompletableFuture<String> dependent = this.requestId.call("registering", () -> source.thenApply((value) -> {
			seen.set(this.requestId.getStore());
			return value;
		}));
		CompletableFuture<String> handled = this.requestId.call("handling", () -> dependent.handle((value, ex) -> {
			seenByHandle.set(this.requestId.getStore());
			return value;
		}));
		// completed by a foreign thread that has a store of its own
		Thread completer = new Thread(() -> this.requestId.run("completing", () -> source.complete("x")));
		completer.start();
		completer.join();
		assertThat(handled.get(10, TimeUnit.SECONDS)).isEqualTo("x");
		assertThat(seen).hasValue("registering");
		assertThat(seenByHandle).hasValue("handling");
	}

	@Test
	void aDependentRegisteredWithoutAStoreSeesNoneOnAThreadThatHasOne() throws Exception {
		CompletableFuture<String> source = new CompletableFuture<>();
		AtomicReference<String> seen = new AtomicReference<>("unset");
		CompletableFuture<Void> dependent = source.thenRun(() -> seen.set(this.requestId.getStore()));
		this.requestId.run("completing", () -> source.complete("x"));
		dependent.get(10, TimeUnit.SECONDS);
		assertThat(seen.get()).isNull();
	}

	@Test
	void supplyAsyncOnTheCommonPoolRunsTheSupplierInThePromiseWithTheCallersStores() throws Exception {
		AtomicLong executionAsyncId = new AtomicLong();
		CompletableFuture<String> future = this.requestId.call("req-1", () -> CompletableFuture.supplyAsync(() -> {
			executionAsyncId.set(AsyncHooks.executionAsyncId());
			return this.requestId.getStore();
		}));
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("req-1");
		long id = this.events.idOf(future);
		await().until(() -> this.events.namesOf(id).contains("destroy"));
		assertThat(executionAsyncId).hasValue(id);
		assertThat(this.events.namesOf(id)).containsExactly("init", "before", "promiseResolve", "after", "destroy");
		assertThat(this.events.initOf(future).triggerAsyncId()).isEqualTo(AsyncHooks.executionAsyncId());
	}

	@Test
	void asyncStagesOnAnExplicitExecutorRunInThePromiseWithTheRegisteringStores() throws Exception {
		AtomicLong executionAsyncId = new AtomicLong();
		CompletableFuture<String> source = CompletableFuture.runAsync(() -> {
		}, this.pool).thenApply((ignored) -> "value");
		CompletableFuture<String> dependent = this.requestId.call("req-2", () -> source.thenApplyAsync((value) -> {
			executionAsyncId.set(AsyncHooks.executionAsyncId());
			return value + ":" + this.requestId.getStore();
		}, this.pool));
		assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("value:req-2");
		long id = this.events.idOf(dependent);
		await().until(() -> this.events.namesOf(id).contains("destroy"));
		assertThat(executionAsyncId).hasValue(id);
		assertThat(this.events.initOf(dependent).triggerAsyncId()).isEqualTo(this.events.idOf(source));
		assertThat(this.events.namesOf(id)).containsExactly("init", "before", "promiseResolve", "after", "destroy");
	}

	@Test
	void aDependentOfAFailedSourceIsResolvedWithoutRunning() {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> dependent = source.thenApply((value) -> value);
		CompletableFuture<String> recovered = dependent.exceptionally((ex) -> "recovered");
		source.completeExceptionally(new IllegalStateException("expected"));
		assertThat(recovered.join()).isEqualTo("recovered");
		assertThat(this.events.namesOf(this.events.idOf(dependent))).containsExactly("init", "promiseResolve",
				"destroy");
		assertThat(this.events.namesOf(this.events.idOf(recovered))).containsExactly("init", "before", "promiseResolve",
				"after", "destroy");
		CompletableFuture<String> ofFailed = source.thenApply((value) -> value);
		assertThat(this.events.namesOf(this.events.idOf(ofFailed))).containsExactly("init", "promiseResolve",
				"destroy");
	}

	@Test
	void aFunctionThatThrowsStillGetsAfterAndItsStageIsResolved() {
		CompletableFuture<String> dependent = CompletableFuture.completedFuture("x").thenApply((value) -> {
			throw new IllegalStateException("expected");
		});
		assertThatExceptionOfType(CompletionException.class).isThrownBy(dependent::join)
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(this.events.namesOf(this.events.idOf(dependent))).containsExactly("init", "before", "promiseResolve",
				"after", "destroy");
	}

	@Test
	void aComposedStageIsResolvedWhenTheStageItsFunctionReturnedCompletes() {
		CompletableFuture<String> inner = new CompletableFuture<>();
		CompletableFuture<String> composed = CompletableFuture.completedFuture("x").thenCompose((value) -> inner);
		long id = this.events.idOf(composed);
		assertThat(this.events.namesOf(id)).containsExactly("init", "before", "after");
		inner.complete("y");
		assertThat(composed.join()).isEqualTo("y");
		assertThat(this.events.namesOf(id)).containsExactly("init", "before", "after", "promiseResolve", "destroy");
	}

	@Test
	void twoSourceStagesAreTriggeredByTheStageTheyAreCalledOn() {
		CompletableFuture<Integer> first = new CompletableFuture<>();
		CompletableFuture<Integer> second = new CompletableFuture<>();
		CompletableFuture<Integer> both = first.thenCombine(second, Integer::sum);
		CompletableFuture<Integer> either = first.applyToEither(second, (value) -> value * 10);
		first.complete(1);
		second.complete(2);
		assertThat(both.join()).isEqualTo(3);
		assertThat(either.join()).isEqualTo(10);
		for (CompletableFuture<Integer> stage : List.of(both, either)) {
			assertThat(this.events.initOf(stage).triggerAsyncId()).isEqualTo(this.events.idOf(first));
			assertThat(this.events.namesOf(this.events.idOf(stage))).containsExactly("init", "before", "promiseResolve",
					"after", "destroy");
		}
	}

	@Test
	void allOfAndAnyOfAreOnePromiseEachTriggeredByTheCaller() {
		List<CompletableFuture<Integer>> sources = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sources.add(new CompletableFuture<>());
		}
		CompletableFuture<?>[] array = sources.toArray(new CompletableFuture<?>[0]);
		int before = this.events.initsOf(ResourceTypes.PROMISE).size();
		CompletableFuture<Void> all = CompletableFuture.allOf(array);
		CompletableFuture<Object> any = CompletableFuture.anyOf(array);
		assertThat(this.events.initsOf(ResourceTypes.PROMISE)).hasSize(before + 2);
		assertThat(this.events.initOf(all).triggerAsyncId()).isEqualTo(AsyncHooks.executionAsyncId());
		assertThat(this.events.initOf(any).triggerAsyncId()).isEqualTo(AsyncHooks.executionAsyncId());
		sources.get(3).complete(3);
		assertThat(any.join()).isEqualTo(3);
		assertThat(this.events.namesOf(this.events.idOf(any))).containsExactly("init", "promiseResolve", "destroy");
		assertThat(this.events.namesOf(this.events.idOf(all))).containsExactly("init");
		sources.forEach((source) -> source.complete(0));
		assertThat(all).isDone();
		assertThat(this.events.namesOf(this.events.idOf(all))).containsExactly("init", "promiseResolve", "destroy");
		assertThat(this.events.initsOf(ResourceTypes.PROMISE)).hasSize(before + 2);
		CompletableFuture<Void> none = CompletableFuture.allOf();
		assertThat(this.events.namesOf(this.events.idOf(none))).containsExactly("init", "promiseResolve", "destroy");
	}

	@Test
	void aCopyAndAMinimalStageAreTriggeredByTheirSource() {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> copy = source.copy();
		CompletionStage<String> minimal = source.minimalCompletionStage();
		long sourceId = this.events.idOf(source);
		assertThat(this.events.initOf(copy).triggerAsyncId()).isEqualTo(sourceId);
		assertThat(this.events.initOf(minimal).triggerAsyncId()).isEqualTo(sourceId);
		CompletableFuture<String> fromMinimal = minimal.toCompletableFuture();
		assertThat(this.events.initOf(fromMinimal).triggerAsyncId()).isEqualTo(this.events.idOf(minimal));
		source.complete("x");
		for (Object stage : List.of(copy, minimal, fromMinimal)) {
			assertThat(this.events.namesOf(this.events.idOf(stage))).containsExactly("init", "promiseResolve",
					"destroy");
		}
	}

	@Test
	void orTimeoutAddsNoPromiseAndATimedOutFutureIsResolvedAndDestroyed() {
		CompletableFuture<String> future = new CompletableFuture<>();
		int before = this.events.initsOf(ResourceTypes.PROMISE).size();
		assertThat(future.orTimeout(10, TimeUnit.MILLISECONDS)).isSameAs(future);
		assertThat(this.events.initsOf(ResourceTypes.PROMISE)).hasSize(before);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join)
			.withCauseInstanceOf(TimeoutException.class);
		long id = this.events.idOf(future);
		await().until(() -> this.events.namesOf(id).contains("destroy"));
		assertThat(this.events.namesOf(id)).containsExactly("init", "promiseResolve", "destroy");
	}

	@Test
	void completeAsyncRunsTheSupplierInTheFuturesScopeWithTheStoresOfWhereItWasCreated() throws Exception {
		AtomicLong executionAsyncId = new AtomicLong();
		CompletableFuture<String> future = this.requestId.call("req-3", CompletableFuture::new);
		this.requestId.run("other", () -> future.completeAsync(() -> {
			executionAsyncId.set(AsyncHooks.executionAsyncId());
			return this.requestId.getStore();
		}, this.pool));
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("req-3");
		long id = this.events.idOf(future);
		await().until(() -> this.events.namesOf(id).contains("destroy"));
		assertThat(executionAsyncId).hasValue(id);
		assertThat(this.events.namesOf(id)).containsExactly("init", "before", "promiseResolve", "after", "destroy");
	}

	@Test
	void aChainOfTenLeavesNoPromiseAliveOnceSettled() {
		int before = this.events.initsOf(ResourceTypes.PROMISE).size();
		CompletableFuture<Integer> source = new CompletableFuture<>();
		CompletableFuture<Integer> stage = source;
		for (int i = 0; i < 10; i++) {
			stage = stage.thenApply((value) -> value + 1);
		}
		source.complete(0);
		assertThat(stage.join()).isEqualTo(10);
		List<PromiseEvents.Event> inits = this.events.initsOf(ResourceTypes.PROMISE);
		assertThat(inits).hasSize(before + 11);
		assertThat(this.events.live(ResourceTypes.PROMISE)).isEmpty();
		for (int i = before + 1; i < inits.size(); i++) {
			assertThat(inits.get(i).triggerAsyncId()).isEqualTo(inits.get(i - 1).asyncId());
		}
	}

	@Test
	void aTrackedCompletableFutureIsOnePromiseNeverTwo() {
		int before = this.events.initsOf(ResourceTypes.PROMISE).size();
		TrackedCompletableFuture<String> tracked = new TrackedCompletableFuture<>();
		CompletableFuture<String> dependent = tracked.thenApply((value) -> value + "!");
		tracked.complete("x");
		assertThat(dependent.join()).isEqualTo("x!");
		assertThat(this.events.initsOf(ResourceTypes.PROMISE)).hasSize(before + 2);
		assertThat(this.events.namesOf(this.events.idOf(tracked))).containsExactly("init", "promiseResolve", "destroy");
		assertThat(this.events.namesOf(this.events.idOf(dependent))).containsExactly("init", "before", "promiseResolve",
				"after", "destroy");
	}

	@Test
	void aTrackedFutureListeningToAPlainOneAddsNoPromiseOfItsOwnMaking() {
		CompletableFuture<String> plain = new CompletableFuture<>();
		int before = this.events.initsOf(ResourceTypes.PROMISE).size();
		TrackedCompletableFuture<String> tracked = TrackedCompletableFuture.of(plain);
		CompletableFuture<String> either = TrackedCompletableFuture.completedFuture("a")
			.thenCombine(plain, (a, b) -> a + b);
		// of(plain), completedFuture and thenCombine: three promises, no internal stage
		assertThat(this.events.initsOf(ResourceTypes.PROMISE)).hasSize(before + 3);
		plain.complete("b");
		assertThat(tracked.join()).isEqualTo("b");
		assertThat(either.join()).isEqualTo("ab");
		assertThat(this.events.live(ResourceTypes.PROMISE)).isEmpty();
	}

	@Test
	void theCallbacksOfOneFutureSeeTheirOwnStoresWhenCompletedElsewhere() throws Exception {
		CompletableFuture<String> source = new CompletableFuture<>();
		List<CompletableFuture<String>> dependents = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String store = "req-" + i;
			dependents.add(this.requestId.call(store,
					() -> source.thenApplyAsync((value) -> this.requestId.getStore(), this.pool)));
		}
		CountDownLatch started = new CountDownLatch(1);
		this.pool.execute(() -> this.requestId.run("pool", () -> {
			started.countDown();
			source.complete("x");
		}));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 4; i++) {
			assertThat(dependents.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("req-" + i);
		}
	}

	@Test
	void withNoHookEnabledDependentsStillRunInTheRegisteringContext() throws Exception {
		this.events.close();
		CompletableFuture<String> source = new CompletableFuture<>();
		AtomicReference<String> seen = new AtomicReference<>();
		CompletableFuture<Void> dependent = this.requestId.call("registering",
				() -> source.thenAccept((value) -> seen.set(this.requestId.getStore())));
		Thread completer = new Thread(() -> this.requestId.run("completing", () -> source.complete("x")));
		completer.start();
		completer.join();
		dependent.get(10, TimeUnit.SECONDS);
		assertThat(seen).hasValue("registering");
	}

	@Test
	void aPromiseMadeBeforeAnyHookGetsNoDestroy() {
		this.events.close();
		CompletableFuture<String> early = new CompletableFuture<>();
		try (PromiseEvents later = PromiseEvents.start()) {
			CompletableFuture<String> dependent = early.thenApply((value) -> value);
			early.complete("x");
			assertThat(dependent.join()).isEqualTo("x");
			long earlyId = later.initOf(dependent).triggerAsyncId();
			assertThat(later.namesOf(earlyId)).containsExactly("promiseResolve");
			assertThat(later.namesOf(later.idOf(dependent))).containsExactly("init", "before", "promiseResolve",
					"after", "destroy");
		}
	}

	@Test
	void aPromiseNeverSettledIsDestroyedWhenCollected() {
		AsyncResource marker = new AsyncResource("MARKER");
		marker.runInAsyncScope(() -> {
			new CompletableFuture<String>().thenApply((value) -> value);
		});
		List<PromiseEvents.Event> made = this.events.initsOf(ResourceTypes.PROMISE)
			.stream()
			.filter((init) -> init.executionAsyncId() == marker.asyncId())
			.toList();
		assertThat(made).hasSize(2);
		await().atMost(30, TimeUnit.SECONDS).until(() -> {
			System.gc();
			return made.stream().allMatch((init) -> this.events.namesOf(init.asyncId()).contains("destroy"));
		});
		for (PromiseEvents.Event init : made) {
			assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "destroy");
		}
		marker.emitDestroy();
	}

	@Test
	void anEitherStageCompletedThroughTheOtherSourceIsReleasedByALongLivedFuture() {
		CompletableFuture<String> never = new CompletableFuture<>();
		List<WeakReference<CompletableFuture<String>>> stages = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			CompletableFuture<String> other = new CompletableFuture<>();
			CompletableFuture<String> stage = never.applyToEither(other, (value) -> value + "!");
			other.complete("x" + i);
			assertThat(stage.join()).isEqualTo("x" + i + "!");
			stages.add(new WeakReference<>(stage));
		}
		assertThat(never.getNumberOfDependents()).isZero();
		await().atMost(30, TimeUnit.SECONDS).until(() -> {
			System.gc();
			return stages.stream().allMatch((stage) -> stage.get() == null);
		});
		assertThat(this.events.live(ResourceTypes.PROMISE)).containsExactly(this.events.idOf(never));
	}

}
