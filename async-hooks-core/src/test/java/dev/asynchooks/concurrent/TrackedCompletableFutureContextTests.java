package dev.asynchooks.concurrent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AsyncLocalStorage} across {@link TrackedCompletableFuture}: a dependent runs in
 * the context of the code that registered it (SPEC rule 14, Node rule R61), with or
 * without hooks.
 */
@Timeout(60)
class TrackedCompletableFutureContextTests {

	private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	@AfterEach
	void noStoreLeft() {
		assertThat(this.storage.getStore()).as("store left on the test thread").isNull();
	}

	@Test
	void dependentRunsInTheContextWhereItWasRegisteredNotWhereItsSourceWasCompleted() throws Exception {
		ExecutorService completer = pool(1);
		TrackedCompletableFuture<String> trackedSource = new TrackedCompletableFuture<>();
		CompletableFuture<String> plainSource = new CompletableFuture<>();
		CompletableFuture<String> tracked = this.storage.run("registering",
				() -> trackedSource.thenApply((value) -> value + " " + this.storage.getStore()));
		CompletableFuture<String> plain = this.storage.run("registering",
				() -> plainSource.thenApply((value) -> value + " " + this.storage.getStore()));
		completer.submit(() -> this.storage.run("completing", () -> {
			trackedSource.complete("tracked saw");
			plainSource.complete("plain saw");
		})).get(10, TimeUnit.SECONDS);
		assertThat(tracked.get(10, TimeUnit.SECONDS)).isEqualTo("tracked saw registering");
		// the bug every Java peer has: a plain dependent sees whoever completed its
		// source
		assertThat(plain.get(10, TimeUnit.SECONDS)).isEqualTo("plain saw completing");
		assertThat(completer.submit(this.storage::getStore).get(10, TimeUnit.SECONDS)).isNull();
	}

	static Stream<Arguments> everyDependentStage() {
		return StageMethods.all()
			.stream()
			.flatMap((method) -> Stream.of(true, false)
				.map((later) -> Arguments.of(StageMethods.name(method), later ? "completed later" : "already complete",
						method)));
	}

	@ParameterizedTest(name = "{0}, source {1}")
	@MethodSource("everyDependentStage")
	void everyDependentStageRunsItsFunctionInTheContextWhereItWasRegistered(String name, String timing, Method method)
			throws Exception {
		boolean later = timing.equals("completed later");
		ExecutorService completer = pool(1);
		ExecutorService executor = pool(2);
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		// an either stage waits for its source alone
		TrackedCompletableFuture<String> other = StageMethods.isEither(method) ? new TrackedCompletableFuture<>()
				: TrackedCompletableFuture.completedFuture("other");
		Runnable complete = () -> this.storage.run("completing", () -> {
			if (StageMethods.isRecovery(method)) {
				source.completeExceptionally(new IllegalStateException("failed"));
			}
			else {
				source.complete("source");
			}
		});
		if (!later) {
			completer.submit(complete).get(10, TimeUnit.SECONDS);
		}
		List<Object> seen = new CopyOnWriteArrayList<>();
		Function<List<Object>, Object> function = (arguments) -> {
			seen.addAll(List.of(String.valueOf(this.storage.getStore()), AsyncHooks.executionAsyncId(),
					AsyncHooks.triggerAsyncId()));
			return StageMethods.isCompose(method) ? TrackedCompletableFuture.completedFuture("inner") : "value";
		};
		CompletableFuture<Object> stage = this.storage.run("registering",
				() -> StageMethods.call(method, source, other, executor, function));
		if (later) {
			completer.submit(complete).get(10, TimeUnit.SECONDS);
		}
		stage.get(10, TimeUnit.SECONDS);
		TrackedCompletableFuture<?> dependent = (TrackedCompletableFuture<?>) stage;
		assertThat(seen).containsExactly("registering", dependent.asyncId(), source.asyncId());
		assertThat(completer.submit(this.storage::getStore).get(10, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void reactionTakesItsContextFromWhereItWasAttachedAsInNodesTest() {
		// test-async-local-storage-promises.js
		AsyncLocalStorage<Map<String, Integer>> storage = new AsyncLocalStorage<>();
		IllegalStateException failure = new IllegalStateException("err");
		List<Object> seen = new CopyOnWriteArrayList<>();
		TrackedCompletableFuture<Object> thrown = storage.run(Map.of("a", 1),
				() -> TrackedCompletableFuture.completedFuture(null).thenApply((ignored) -> {
					seen.add(storage.getStore().get("a"));
					throw failure;
				}));
		TrackedCompletableFuture<Object> caught = thrown.exceptionally((ex) -> {
			seen.add(String.valueOf(storage.getStore()));
			return ex.getCause();
		});
		assertThat(caught.join()).isSameAs(failure);
		assertThat(seen).containsExactly(1, "null");
	}

	@Test
	void supplyAsyncRunAsyncAndCompleteAsyncCarryTheCallersStore() throws Exception {
		ExecutorService executor = pool(2);
		List<String> seen = new CopyOnWriteArrayList<>();
		TrackedCompletableFuture<String> supplied = this.storage.run("supply",
				() -> TrackedCompletableFuture.supplyAsync(this.storage::getStore, executor));
		TrackedCompletableFuture<String> suppliedOnDefault = this.storage.run("default",
				() -> TrackedCompletableFuture.supplyAsync(this.storage::getStore));
		TrackedCompletableFuture<Void> ran = this.storage.run("run",
				() -> TrackedCompletableFuture.runAsync(() -> seen.add(this.storage.getStore()), executor));
		// the supplier of completeAsync runs in the promise's scope: the stores of its
		// creation
		TrackedCompletableFuture<String> completed = this.storage.run("complete",
				() -> new TrackedCompletableFuture<String>());
		this.storage.run("elsewhere", () -> completed.completeAsync(this.storage::getStore, executor));
		ran.get(10, TimeUnit.SECONDS);
		assertThat(List.of(supplied.get(10, TimeUnit.SECONDS), suppliedOnDefault.get(10, TimeUnit.SECONDS),
				completed.get(10, TimeUnit.SECONDS)))
			.containsExactly("supply", "default", "complete");
		assertThat(seen).containsExactly("run");
	}

	@Test
	void storesPropagateTheSameWithAHookEnabled() throws Exception {
		ExecutorService executor = pool(2);
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<String> dependent = this.storage.run("registering",
					() -> source.thenApplyAsync((value) -> value + " " + this.storage.getStore(), executor));
			this.storage.run("completing", () -> source.complete("saw"));
			assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("saw registering");
			assertThat(recorder.namesFor(dependent.asyncId())).startsWith("init");
		}
	}

	@Test
	void aPooledThreadKeepsNoStoreAfterRunningADependent() throws Exception {
		ExecutorService single = pool(1);
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<String> dependent = this.storage.run("registering",
				() -> source.thenApplyAsync((value) -> this.storage.getStore(), single));
		source.complete("go");
		assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("registering");
		assertThat(single.submit(this.storage::getStore).get(10, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void theCompletingThreadGetsItsOwnStoreBackAfterTheDependentsRan() {
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		AtomicReference<String> inside = new AtomicReference<>();
		this.storage.run("registering", () -> source.thenRun(() -> inside.set(this.storage.getStore())));
		String after = this.storage.run("completing", () -> {
			source.complete("go");
			return this.storage.getStore();
		});
		assertThat(inside.get()).isEqualTo("registering");
		assertThat(after).isEqualTo("completing");
	}

	@Test
	void aDependentRegisteredInsideExitSeesNoStore() {
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<String> dependent = this.storage.run("outer",
				() -> this.storage.exit(() -> source.thenApply((value) -> String.valueOf(this.storage.getStore()))));
		this.storage.run("completing", () -> source.complete("go"));
		assertThat(dependent.join()).isEqualTo("null");
	}

	@Test
	void aFailingFunctionRestoresTheContextOfTheCompletingThread() {
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<String> dependent = this.storage.run("registering", () -> source.thenApply((value) -> {
			throw new IllegalStateException(this.storage.getStore());
		}));
		String after = this.storage.run("completing", () -> {
			source.complete("go");
			return this.storage.getStore();
		});
		assertThat(after).isEqualTo("completing");
		assertThatExceptionOfType(CompletionException.class).isThrownBy(dependent::join)
			.withCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("registering");
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	@Test
	@Tag("virtual-threads")
	@EnabledForJreRange(min = JRE.JAVA_21)
	void dependentsOnVirtualThreadsRunInTheContextWhereTheyWereRegistered() throws Throwable {
		ExecutorService virtual = (ExecutorService) MethodHandles.publicLookup()
			.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
					MethodType.methodType(ExecutorService.class))
			.invoke();
		this.engine.shutDownAfter(virtual);
		MethodHandle isVirtual = MethodHandles.publicLookup()
			.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		List<Object> seen = new CopyOnWriteArrayList<>();
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<String> dependent = this.storage.run("registering",
				() -> source.thenApplyAsync((value) -> {
					seen.add(this.storage.getStore());
					seen.add(AsyncHooks.executionAsyncId());
					seen.add(invoke(isVirtual, Thread.currentThread()));
					return value;
				}, virtual));
		TrackedCompletableFuture.runAsync(() -> this.storage.run("completing", () -> source.complete("go")), virtual)
			.get(10, TimeUnit.SECONDS);
		assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("go");
		assertThat(seen).containsExactly("registering", dependent.asyncId(), true);
	}

	private static Object invoke(MethodHandle handle, Object argument) {
		try {
			return handle.invoke(argument);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ExecutorService pool(int threads) {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		this.engine.shutDownAfter(pool);
		return pool;
	}

}
