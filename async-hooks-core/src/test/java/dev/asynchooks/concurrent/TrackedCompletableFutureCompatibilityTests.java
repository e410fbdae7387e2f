package dev.asynchooks.concurrent;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.asynchooks.CleanEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TrackedCompletableFuture} behaves as {@link CompletableFuture}: every scenario
 * runs on plain futures, on tracked futures, and on a tracked future combined with plain
 * ones, and the three must give the same values, the same exceptions (class, message,
 * cause and identity, as stored and as thrown by {@code join} and {@code get}), the same
 * calls of the function and the same kind of thread.
 */
@Timeout(120)
@ExtendWith(CleanEngine.class)
class TrackedCompletableFutureCompatibilityTests {

	private static final AtomicInteger threads = new AtomicInteger();

	private static final ExecutorService pool = Executors.newFixedThreadPool(4, named("compat-pool-"));

	private static final Executor rejectingExecutor = (task) -> {
		throw new RejectedExecutionException("rejected");
	};

	@AfterAll
	static void shutDownThePool() throws InterruptedException {
		pool.shutdownNow();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	static Stream<Arguments> everyDependentStage() {
		return StageMethods.all().stream().map((method) -> Arguments.of(StageMethods.name(method), method));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyDependentStage")
	void dependentStageBehavesAsCompletableFuture(String name, Method method) {
		List<String> differences = new ArrayList<>();
		int scenarios = 0;
		for (Scenario scenario : Scenario.all(method)) {
			String plain = scenario.run(Flavor.PLAIN);
			for (Flavor flavor : List.of(Flavor.TRACKED, Flavor.MIXED)) {
				String tracked = scenario.run(flavor);
				if (!tracked.equals(plain)) {
					differences.add(scenario + " on " + flavor + ":\n  plain:   " + plain + "\n  tracked: " + tracked);
				}
			}
			scenarios++;
		}
		assertThat(scenarios).isGreaterThanOrEqualTo(24);
		assertThat(differences).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyDependentStage")
	void dependentStageRejectsNullArgumentsAsCompletableFutureDoes(String name, Method method) {
		for (int i = 0; i < method.getParameterCount(); i++) {
			int nulled = i;
			assertSameBehaviour(name + " with argument " + i + " null", (flavor) -> {
				Run run = new Run(flavor);
				Object[] arguments = new Object[method.getParameterCount()];
				for (int j = 0; j < arguments.length; j++) {
					arguments[j] = (j == nulled) ? null : StageMethods.argument(method.getParameterTypes()[j],
							flavor.other(), pool, (values) -> "value");
				}
				return run.outcomeOf(
						() -> (CompletableFuture<?>) StageMethods.invoke(method, flavor.completed(1), arguments));
			});
		}
	}

	@Test
	void completionMethodsReturnAndStoreAsCompletableFutureDoes() {
		List<List<String>> sequences = List.of(List.of("complete", "complete", "completeExceptionally", "cancel"),
				List.of("completeExceptionally", "complete", "cancel"), List.of("cancel", "cancel", "complete"),
				List.of("obtrudeValue", "complete", "obtrudeException"),
				List.of("complete", "obtrudeException", "obtrudeValue"), List.of("cancel", "obtrudeValue"),
				List.of("completeExceptionally", "obtrudeException"));
		for (List<String> sequence : sequences) {
			assertSameBehaviour(sequence.toString(), (flavor) -> {
				Run run = new Run(flavor);
				CompletableFuture<Object> future = flavor.future();
				CompletableFuture<Object> before = future.thenApply((value) -> "before " + value);
				List<String> steps = new ArrayList<>();
				int step = 0;
				for (String operation : sequence) {
					Object returned = switch (operation) {
						case "complete" -> future.complete("value" + step);
						case "completeExceptionally" ->
							future.completeExceptionally(new IllegalStateException("failure" + step));
						case "cancel" -> future.cancel(true);
						case "obtrudeValue" -> {
							future.obtrudeValue("obtruded" + step);
							yield "-";
						}
						default -> {
							future.obtrudeException(new IllegalArgumentException("obtruded" + step));
							yield "-";
						}
					};
					steps.add(operation + "=" + returned + " " + run.outcomeOf(future) + " state=" + future.isDone()
							+ future.isCancelled() + future.isCompletedExceptionally());
					step++;
				}
				CompletableFuture<Object> after = future.thenApply((value) -> "after " + value);
				return steps + " before: " + run.outcomeOf(before) + " after: " + run.outcomeOf(after);
			});
		}
	}

	@Test
	void getJoinAndGetNowReportAsCompletableFutureDoes() {
		for (String kind : List.of("value", "null", "failure", "completion exception", "cancelled", "pending")) {
			assertSameBehaviour(kind, (flavor) -> {
				Run run = new Run(flavor);
				CompletableFuture<Object> future = flavor.future();
				switch (kind) {
					case "value" -> future.complete("value");
					case "null" -> future.complete(null);
					case "failure" -> future.completeExceptionally(run.sourceBoom);
					case "completion exception" -> future.completeExceptionally(run.sourceCompletionException);
					case "cancelled" -> future.cancel(false);
					default -> {
					}
				}
				return "getNow: " + run.outcomeOf(() -> future.getNow("absent")) + " get: "
						+ run.outcomeOf(() -> future.get(1, TimeUnit.MILLISECONDS)) + " join: "
						+ (future.isDone() ? run.outcomeOf(future::join) : "-") + " dependents: "
						+ future.getNumberOfDependents();
			});
		}
	}

	@Test
	void copyMinimalStageAndToCompletableFutureBehaveAsCompletableFutureDoes() {
		for (String kind : List.of("value", "failure", "completion exception", "cancelled")) {
			for (boolean later : List.of(false, true)) {
				assertSameBehaviour(kind + (later ? " later" : ""), (flavor) -> {
					Run run = new Run(flavor);
					CompletableFuture<Object> future = flavor.future();
					Runnable complete = () -> {
						switch (kind) {
							case "value" -> future.complete("value");
							case "failure" -> future.completeExceptionally(run.sourceBoom);
							case "completion exception" -> future.completeExceptionally(run.sourceCompletionException);
							default -> future.cancel(false);
						}
					};
					if (!later) {
						complete.run();
					}
					CompletableFuture<Object> copy = future.copy();
					CompletionStage<Object> minimal = future.minimalCompletionStage();
					CompletableFuture<Object> ofMinimal = minimal.toCompletableFuture();
					CompletableFuture<String> afterMinimal = minimal.thenApply((value) -> "then " + value)
						.toCompletableFuture();
					if (later) {
						complete.run();
					}
					return "copy " + run.outcomeOf(copy) + " minimal " + run.outcomeOf(ofMinimal) + " then "
							+ run.outcomeOf(afterMinimal) + " same " + (future.toCompletableFuture() == future);
				});
			}
		}
	}

	@Test
	void minimalStagesSupportExactlyWhatTheJdksSupport() {
		List<String> probes = List.of("get", "getTimed", "getNow", "join", "complete", "completeExceptionally",
				"cancel", "obtrudeValue", "obtrudeException", "isDone", "isCancelled", "isCompletedExceptionally",
				"getNumberOfDependents", "completeAsync", "completeAsyncExecutor", "orTimeout", "completeOnTimeout",
				"resultNow", "exceptionNow", "thenApply", "toCompletableFuture", "copy", "minimalCompletionStage",
				"newIncompleteFuture", "defaultExecutor", "thenApplyThenJoin", "dependentIsMinimal");
		for (String made : List.of("completedStage", "failedStage", "minimalCompletionStage")) {
			for (String probe : probes) {
				assertSameBehaviour(made + "." + probe, (flavor) -> {
					Run run = new Run(flavor);
					CompletableFuture<Object> stage = (CompletableFuture<Object>) switch (made) {
						case "completedStage" -> flavor.<Object>completedStage("value");
						case "failedStage" -> flavor.failedStage(run.sourceBoom);
						default -> flavor.<Object>completed("value").minimalCompletionStage();
					};
					return run.outcomeOf(() -> probe(stage, probe));
				});
			}
		}
	}

	private static Object probe(CompletableFuture<Object> stage, String probe) throws Exception {
		return switch (probe) {
			case "get" -> stage.get();
			case "getTimed" -> stage.get(1, TimeUnit.SECONDS);
			case "getNow" -> stage.getNow("absent");
			case "join" -> stage.join();
			case "complete" -> stage.complete("x");
			case "completeExceptionally" -> stage.completeExceptionally(new IllegalStateException());
			case "cancel" -> stage.cancel(false);
			case "obtrudeValue" -> {
				stage.obtrudeValue("x");
				yield "done";
			}
			case "obtrudeException" -> {
				stage.obtrudeException(new IllegalStateException());
				yield "done";
			}
			case "isDone" -> stage.isDone();
			case "isCancelled" -> stage.isCancelled();
			case "isCompletedExceptionally" -> stage.isCompletedExceptionally();
			case "getNumberOfDependents" -> stage.getNumberOfDependents();
			case "completeAsync" -> stage.completeAsync(() -> "x") != null;
			case "completeAsyncExecutor" -> stage.completeAsync(() -> "x", pool) != null;
			case "orTimeout" -> stage.orTimeout(1, TimeUnit.SECONDS) != null;
			case "completeOnTimeout" -> stage.completeOnTimeout("x", 1, TimeUnit.SECONDS) != null;
			case "resultNow", "exceptionNow" -> {
				// JDK 19+
				Method method = findMethod(Future.class, probe);
				yield (method != null) ? StageMethods.invoke(method, stage) : "absent";
			}
			case "thenApply" -> stage.thenApply((value) -> value) instanceof CompletableFuture;
			case "toCompletableFuture" -> stage.toCompletableFuture().get(1, TimeUnit.SECONDS);
			case "copy" -> stage.copy().toCompletableFuture().get(1, TimeUnit.SECONDS);
			case "minimalCompletionStage" ->
				stage.minimalCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
			case "newIncompleteFuture" -> stage.newIncompleteFuture().toCompletableFuture().complete("x");
			case "defaultExecutor" -> stage.defaultExecutor() != null;
			case "thenApplyThenJoin" ->
				stage.thenApply((value) -> "then " + value).toCompletableFuture().get(1, TimeUnit.SECONDS);
			default -> stage.thenApply((value) -> value).join();
		};
	}

	private static Method findMethod(Class<?> type, String name) {
		return Arrays.stream(type.getMethods())
			.filter((method) -> method.getName().equals(name) && method.getParameterCount() == 0)
			.findFirst()
			.orElse(null);
	}

	@Test
	void completeAsyncBehavesAsCompletableFutureDoes() {
		for (String kind : List.of("value", "throws", "completion exception", "rejected", "already complete",
				"null supplier", "null executor")) {
			assertSameBehaviour(kind, (flavor) -> {
				Run run = new Run(flavor);
				CompletableFuture<Object> future = flavor.future();
				List<String> calls = new CopyOnWriteArrayList<>();
				Supplier<Object> supplier = () -> {
					calls.add("called");
					return switch (kind) {
						case "throws" -> throw run.functionBoom;
						case "completion exception" -> throw run.functionCompletionException;
						default -> "value";
					};
				};
				if (kind.equals("already complete")) {
					future.complete("first");
				}
				String returned = run.outcomeOf(() -> switch (kind) {
					case "rejected" -> future.completeAsync(supplier, rejectingExecutor) == future;
					case "null supplier" -> future.completeAsync(null, pool) == future;
					case "null executor" -> future.completeAsync(supplier, null) == future;
					default -> future.completeAsync(supplier, pool) == future;
				});
				return returned + " " + (kind.startsWith("null") || kind.equals("rejected") ? ""
						: run.outcomeOf(future) + " " + calls);
			});
		}
	}

	@Test
	void supplyAsyncAndRunAsyncBehaveAsCompletableFutureDoes() {
		for (String kind : List.of("value", "throws", "completion exception", "rejected", "default executor",
				"null function", "null executor")) {
			for (boolean supply : List.of(true, false)) {
				assertSameBehaviour((supply ? "supplyAsync " : "runAsync ") + kind, (flavor) -> {
					Run run = new Run(flavor);
					Supplier<Object> supplier = () -> switch (kind) {
						case "throws" -> throw run.functionBoom;
						case "completion exception" -> throw run.functionCompletionException;
						default -> "value " + run.thread();
					};
					Runnable runnable = supplier::get;
					return run.outcomeOf(() -> {
						CompletableFuture<?> future = switch (kind) {
							case "rejected" -> supply ? flavor.supplyAsync(supplier, rejectingExecutor)
									: flavor.runAsync(runnable, rejectingExecutor);
							case "default executor" ->
								supply ? flavor.supplyAsync(supplier, null) : flavor.runAsync(runnable, null);
							case "null function" ->
								supply ? flavor.supplyAsync(null, pool) : flavor.runAsync(null, pool);
							case "null executor" -> supply ? flavor.supplyAsyncWithNullExecutor(supplier)
									: flavor.runAsyncWithNullExecutor(runnable);
							default -> supply ? flavor.supplyAsync(supplier, pool) : flavor.runAsync(runnable, pool);
						};
						return run.outcomeOf(future);
					});
				});
			}
		}
	}

	@Test
	void timeoutsBehaveAsCompletableFutureDoes() {
		for (String kind : List.of("orTimeout pending", "orTimeout complete", "completeOnTimeout pending",
				"completeOnTimeout complete", "orTimeout null unit")) {
			assertSameBehaviour(kind, (flavor) -> {
				Run run = new Run(flavor);
				CompletableFuture<Object> future = flavor.future();
				if (kind.endsWith("complete")) {
					future.complete("value");
				}
				String returned = run.outcomeOf(() -> switch (kind) {
					case "orTimeout null unit" -> future.orTimeout(1, null) == future;
					case "completeOnTimeout pending", "completeOnTimeout complete" ->
						future.completeOnTimeout("default", 5, TimeUnit.MILLISECONDS) == future;
					default -> future.orTimeout(5, TimeUnit.MILLISECONDS) == future;
				});
				return returned + " " + (kind.endsWith("unit") ? "" : run.outcomeOf(future));
			});
		}
	}

	@Test
	void allOfAndAnyOfBehaveAsCompletableFutureDoes() {
		List<List<String>> arrays = List.of(List.of(), List.of("value"), List.of("failure"), List.of("pending"),
				List.of("value", "value"), List.of("failure", "value", "other failure"),
				List.of("value", "completion exception", "failure"), List.of("pending", "value"),
				List.of("pending", "failure"), List.of("late", "late failure"), List.of("late failure", "late"),
				List.of("cancelled", "value"), List.of("value", "null"));
		for (List<String> array : arrays) {
			for (boolean all : List.of(true, false)) {
				assertSameBehaviour((all ? "allOf " : "anyOf ") + array, (flavor) -> {
					Run run = new Run(flavor);
					List<CompletableFuture<Object>> late = new ArrayList<>();
					CompletableFuture<?>[] futures = array.stream().map((kind) -> {
						CompletableFuture<Object> future = flavor.other();
						switch (kind) {
							case "value" -> future.complete("value");
							case "failure" -> future.completeExceptionally(run.sourceBoom);
							case "other failure" -> future.completeExceptionally(run.otherBoom);
							case "completion exception" -> future.completeExceptionally(run.sourceCompletionException);
							case "cancelled" -> future.cancel(false);
							case "late", "late failure" -> late.add(future);
							case "null" -> {
								return null;
							}
							default -> {
							}
						}
						return future;
					}).toArray(CompletableFuture[]::new);
					return run.outcomeOf(() -> {
						CompletableFuture<?> result = all ? flavor.allOf(futures) : flavor.anyOf(futures);
						for (CompletableFuture<Object> future : late) {
							if (array.indexOf("late failure") == Arrays.asList(futures).indexOf(future)) {
								future.completeExceptionally(run.otherBoom);
							}
							else {
								future.complete("late");
							}
						}
						// everything above completes synchronously
						return result.isDone() ? run.outcomeOf(result) : "pending";
					});
				});
			}
		}
	}

	@Test
	void factoriesBehaveAsCompletableFutureDoes() {
		for (String kind : List.of("completedFuture", "completedFuture null", "failedFuture", "failedFuture null",
				"completedStage", "failedStage", "failedStage null")) {
			assertSameBehaviour(kind, (flavor) -> {
				Run run = new Run(flavor);
				return run.outcomeOf(() -> {
					CompletionStage<Object> stage = switch (kind) {
						case "completedFuture" -> flavor.completed("value");
						case "completedFuture null" -> flavor.completed(null);
						case "failedFuture" -> flavor.failed(run.sourceBoom);
						case "failedFuture null" -> flavor.failed(null);
						case "completedStage" -> flavor.<Object>completedStage("value");
						case "failedStage" -> flavor.failedStage(run.sourceBoom);
						default -> flavor.failedStage(null);
					};
					return run.outcomeOf(stage.toCompletableFuture());
				});
			});
		}
	}

	@Test
	void ofTracksAForeignStageWithTheSameOutcome() {
		for (String kind : List.of("value", "failure", "completion exception", "cancelled")) {
			for (boolean later : List.of(false, true)) {
				Run run = new Run(Flavor.PLAIN);
				CompletableFuture<Object> foreign = new CompletableFuture<>();
				Runnable complete = () -> {
					switch (kind) {
						case "value" -> foreign.complete("value");
						case "failure" -> foreign.completeExceptionally(run.sourceBoom);
						case "completion exception" -> foreign.completeExceptionally(run.sourceCompletionException);
						default -> foreign.cancel(false);
					}
				};
				if (!later) {
					complete.run();
				}
				TrackedCompletableFuture<Object> tracked = TrackedCompletableFuture.of(foreign);
				CompletableFuture<Object> seenByTracked = tracked.handle((value, ex) -> run.describe(value, ex));
				CompletableFuture<Object> seenByForeign = foreign.handle((value, ex) -> run.describe(value, ex));
				if (later) {
					complete.run();
				}
				assertThat(run.outcomeOf(tracked)).as(kind).isEqualTo(run.outcomeOf(foreign));
				assertThat(seenByTracked.join()).as(kind).isEqualTo(seenByForeign.join());
			}
		}
	}

	@Test
	void newIncompleteFutureAndDefaultExecutorAreThoseOfASubclass() {
		TrackedCompletableFuture<Object> tracked = new TrackedCompletableFuture<>();
		assertThat(tracked.newIncompleteFuture()).isExactlyInstanceOf(TrackedCompletableFuture.class)
			.matches((future) -> !future.isDone());
		assertThat(tracked.defaultExecutor()).isSameAs(new CompletableFuture<>().defaultExecutor());
		assertThat(tracked.thenApply((value) -> value).getNumberOfDependents()).isZero();
		tracked.thenApply((value) -> value);
		tracked.thenRun(() -> {
		});
		assertThat(tracked.getNumberOfDependents()).isEqualTo(3);
		assertThat(tracked.toString()).contains("PROMISE " + tracked.asyncId(), "Not completed, 3 dependents");
		tracked.complete("x");
		assertThat(tracked.getNumberOfDependents()).isZero();
		assertThat(tracked.toString()).endsWith("Completed normally]");
	}

	private static void assertSameBehaviour(String description, Function<Flavor, String> scenario) {
		String plain = scenario.apply(Flavor.PLAIN);
		assertThat(scenario.apply(Flavor.TRACKED)).as(description).isEqualTo(plain);
	}

	private static ThreadFactory named(String prefix) {
		return (task) -> {
			Thread thread = new Thread(task, prefix + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** Plain futures, tracked futures, or a tracked receiver among plain ones. */
	enum Flavor {

		PLAIN, TRACKED, MIXED;

		<T> CompletableFuture<T> future() {
			return (this == PLAIN) ? new CompletableFuture<>() : new TrackedCompletableFuture<>();
		}

		<T> CompletableFuture<T> other() {
			return (this == TRACKED) ? new TrackedCompletableFuture<>() : new CompletableFuture<>();
		}

		<T> CompletableFuture<T> completed(T value) {
			return (this == PLAIN) ? CompletableFuture.completedFuture(value)
					: TrackedCompletableFuture.completedFuture(value);
		}

		<T> CompletableFuture<T> failed(Throwable ex) {
			return (this == PLAIN) ? CompletableFuture.failedFuture(ex) : TrackedCompletableFuture.failedFuture(ex);
		}

		<T> CompletionStage<T> completedStage(T value) {
			return (this == PLAIN) ? CompletableFuture.completedStage(value)
					: TrackedCompletableFuture.completedStage(value);
		}

		<T> CompletionStage<T> failedStage(Throwable ex) {
			return (this == PLAIN) ? CompletableFuture.failedStage(ex) : TrackedCompletableFuture.failedStage(ex);
		}

		/** The stage a compose function returns, of the flavor of the other stages. */
		<T> CompletableFuture<T> inner() {
			return other();
		}

		<T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
			if (executor == null) {
				return (this == PLAIN) ? CompletableFuture.supplyAsync(supplier)
						: TrackedCompletableFuture.supplyAsync(supplier);
			}
			return (this == PLAIN) ? CompletableFuture.supplyAsync(supplier, executor)
					: TrackedCompletableFuture.supplyAsync(supplier, executor);
		}

		<T> CompletableFuture<T> supplyAsyncWithNullExecutor(Supplier<T> supplier) {
			return (this == PLAIN) ? CompletableFuture.supplyAsync(supplier, null)
					: TrackedCompletableFuture.supplyAsync(supplier, null);
		}

		CompletableFuture<Void> runAsync(Runnable runnable, Executor executor) {
			if (executor == null) {
				return (this == PLAIN) ? CompletableFuture.runAsync(runnable)
						: TrackedCompletableFuture.runAsync(runnable);
			}
			return (this == PLAIN) ? CompletableFuture.runAsync(runnable, executor)
					: TrackedCompletableFuture.runAsync(runnable, executor);
		}

		CompletableFuture<Void> runAsyncWithNullExecutor(Runnable runnable) {
			return (this == PLAIN) ? CompletableFuture.runAsync(runnable, null)
					: TrackedCompletableFuture.runAsync(runnable, null);
		}

		CompletableFuture<Void> allOf(CompletableFuture<?>... futures) {
			return (this == PLAIN) ? CompletableFuture.allOf(futures) : TrackedCompletableFuture.allOf(futures);
		}

		CompletableFuture<Object> anyOf(CompletableFuture<?>... futures) {
			return (this == PLAIN) ? CompletableFuture.anyOf(futures) : TrackedCompletableFuture.anyOf(futures);
		}

	}

	/** The state of a source stage. */
	enum Source {

		VALUE, FAILURE, COMPLETION_EXCEPTION, CANCELLED, PENDING;

		void apply(CompletableFuture<Object> future, Run run, String role) {
			switch (this) {
				case VALUE -> future.complete(role);
				case FAILURE -> future.completeExceptionally(role.equals("source") ? run.sourceBoom : run.otherBoom);
				case COMPLETION_EXCEPTION -> future.completeExceptionally(run.sourceCompletionException);
				case CANCELLED -> future.cancel(false);
				default -> {
				}
			}
		}

	}

	/** What the function given to the stage does. */
	enum Behaviour {

		RETURNS, THROWS, THROWS_COMPLETION_EXCEPTION, RETURNS_NULL_STAGE, RETURNS_FAILED_STAGE, RETURNS_LATE_STAGE

	}

	/** One call of a dependent-stage method. */
	record Scenario(Method method, Source source, Source other, Behaviour behaviour, boolean later, boolean rejecting) {

		static List<Scenario> all(Method method) {
			boolean two = StageMethods.takesOtherStage(method);
			boolean either = StageMethods.isEither(method);
			List<Source> sources = !two
					? List.of(Source.VALUE, Source.FAILURE, Source.COMPLETION_EXCEPTION, Source.CANCELLED)
					: either ? List.of(Source.VALUE, Source.FAILURE, Source.PENDING)
							: List.of(Source.VALUE, Source.FAILURE);
			List<Source> others = !two ? List.of(Source.PENDING)
					: either ? List.of(Source.VALUE, Source.FAILURE, Source.PENDING)
							: List.of(Source.VALUE, Source.FAILURE, Source.COMPLETION_EXCEPTION);
			List<Behaviour> behaviours = StageMethods.isCompose(method) ? List.of(Behaviour.values())
					: List.of(Behaviour.RETURNS, Behaviour.THROWS, Behaviour.THROWS_COMPLETION_EXCEPTION);
			List<Boolean> executors = StageMethods.takesExecutor(method) ? List.of(false, true) : List.of(false);
			List<Scenario> scenarios = new ArrayList<>();
			for (Source source : sources) {
				for (Source other : others) {
					if (either && source == Source.PENDING && other == Source.PENDING) {
						continue;
					}
					for (Behaviour behaviour : behaviours) {
						for (boolean later : List.of(false, true)) {
							for (boolean rejecting : executors) {
								scenarios.add(new Scenario(method, source, other, behaviour, later, rejecting));
							}
						}
					}
				}
			}
			return scenarios;
		}

		String run(Flavor flavor) {
			Run run = new Run(flavor);
			CompletableFuture<Object> receiver = flavor.future();
			CompletableFuture<Object> second = flavor.other();
			if (!this.later) {
				this.source.apply(receiver, run, "source");
				this.other.apply(second, run, "other");
			}
			CompletableFuture<Object> stage;
			try {
				stage = StageMethods.call(this.method, receiver, second, this.rejecting ? rejectingExecutor : pool,
						(arguments) -> run.function(this, arguments));
			}
			catch (RuntimeException ex) {
				return "threw " + run.describe(ex);
			}
			if (this.later) {
				this.source.apply(receiver, run, "source");
				this.other.apply(second, run, "other");
			}
			return run.outcomeOf(stage) + " calls " + run.calls;
		}

		@Override
		public String toString() {
			return StageMethods.name(this.method) + " source=" + this.source + " other=" + this.other + " function="
					+ this.behaviour + (this.later ? " completed later" : " already complete")
					+ (this.rejecting ? " rejecting executor" : "");
		}

	}

	/**
	 * The exceptions of one run, so that descriptions can tell them apart by identity,
	 * and the calls of its function.
	 */
	static final class Run {

		final Flavor flavor;

		final Thread caller = Thread.currentThread();

		final IllegalStateException sourceBoom = new IllegalStateException("source boom");

		final IllegalStateException otherBoom = new IllegalStateException("other boom");

		final CompletionException sourceCompletionException = new CompletionException(
				new IllegalStateException("wrapped boom"));

		final IllegalStateException functionBoom = new IllegalStateException("function boom");

		final CompletionException functionCompletionException = new CompletionException(
				new IllegalStateException("function wrapped boom"));

		final IllegalStateException innerBoom = new IllegalStateException("inner boom");

		final List<String> calls = new CopyOnWriteArrayList<>();

		Run(Flavor flavor) {
			this.flavor = flavor;
		}

		Object function(Scenario scenario, List<Object> arguments) {
			this.calls.add(arguments.stream().map(this::describe).collect(Collectors.joining(", ", "(", ")")) + " on "
					+ thread());
			boolean compose = StageMethods.isCompose(scenario.method());
			switch (scenario.behaviour()) {
				case THROWS -> throw this.functionBoom;
				case THROWS_COMPLETION_EXCEPTION -> throw this.functionCompletionException;
				case RETURNS_NULL_STAGE -> {
					return null;
				}
				case RETURNS_FAILED_STAGE -> {
					CompletableFuture<Object> inner = this.flavor.inner();
					inner.completeExceptionally(this.innerBoom);
					return inner;
				}
				case RETURNS_LATE_STAGE -> {
					CompletableFuture<Object> inner = this.flavor.inner();
					CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(() -> inner.complete("late"));
					return inner;
				}
				default -> {
					String value = "f"
							+ arguments.stream().map(this::describe).collect(Collectors.joining(", ", "(", ")"));
					if (!compose) {
						return value;
					}
					CompletableFuture<Object> inner = this.flavor.inner();
					inner.complete(value);
					return inner;
				}
			}
		}

		String thread() {
			Thread thread = Thread.currentThread();
			if (thread == this.caller) {
				return "caller";
			}
			if (thread.getName().startsWith("compat-pool-")) {
				return "pool";
			}
			return (thread instanceof ForkJoinWorkerThread) ? "common pool" : "other thread";
		}

		/**
		 * Wait for the future and describe its outcome: value, or the exception as
		 * {@code join()} and {@code get()} throw it and whether {@code join()} throws the
		 * stored exception itself (so, whether a {@code CompletionException} is stored).
		 */
		String outcomeOf(CompletableFuture<?> future) {
			try {
				future.get(10, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				return "pending";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
			catch (ExecutionException | CancellationException ex) {
				// described below
			}
			if (!future.isCompletedExceptionally()) {
				return "value " + describe(future.join());
			}
			String join;
			try {
				future.join();
				join = "returned";
			}
			catch (CompletionException ex) {
				boolean stored;
				try {
					future.join();
					stored = false;
				}
				catch (CompletionException again) {
					stored = (again == ex);
				}
				join = describe(ex) + (stored ? " (stored)" : " (made)");
			}
			catch (CancellationException ex) {
				join = describe(ex);
			}
			String get;
			try {
				future.get();
				get = "returned";
			}
			catch (ExecutionException ex) {
				get = describe(ex.getCause());
			}
			catch (CancellationException ex) {
				get = describe(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				get = "interrupted";
			}
			return "failed cancelled=" + future.isCancelled() + " join " + join + " get " + get;
		}

		String outcomeOf(Callable<?> action) {
			try {
				Object value = action.call();
				return "returned " + describe(value);
			}
			catch (Exception ex) {
				return "threw " + describe(ex);
			}
		}

		String describe(Object value, Throwable ex) {
			return describe(value) + " / " + describe(ex);
		}

		String describe(Object value) {
			if (!(value instanceof Throwable ex)) {
				return String.valueOf(value);
			}
			StringBuilder description = new StringBuilder(name(ex));
			for (Throwable suppressed : ex.getSuppressed()) {
				description.append(" suppressing ").append(describe(suppressed));
			}
			if (ex.getCause() != null && ex.getCause() != ex) {
				description.append(" caused by ").append(describe(ex.getCause()));
			}
			return description.toString();
		}

		private String name(Throwable ex) {
			Map<Throwable, String> known = new IdentityHashMap<>();
			known.put(this.sourceBoom, "<source boom>");
			known.put(this.otherBoom, "<other boom>");
			known.put(this.sourceCompletionException, "<source completion exception>");
			known.put(this.functionBoom, "<function boom>");
			known.put(this.functionCompletionException, "<function completion exception>");
			known.put(this.innerBoom, "<inner boom>");
			if (known.containsKey(ex)) {
				return known.get(ex);
			}
			if (ex instanceof NullPointerException) {
				return "NullPointerException"; // the JDK's messages differ, helpful or
												// none
			}
			boolean messageOfCause = ex.getCause() != null && String.valueOf(ex.getCause()).equals(ex.getMessage());
			return ex.getClass().getSimpleName() + "(" + (messageOfCause ? "cause" : ex.getMessage()) + ")";
		}

	}

	/** A function that may throw, for {@link Run#outcomeOf(Callable)}. */
	@FunctionalInterface
	interface Callable<V> {

		V call() throws Exception;

	}

}
