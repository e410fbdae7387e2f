package dev.asynchooks.concurrent;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a settled or abandoned promise keeps alive: SPEC rule 13b. Each case is run
 * against {@code CompletableFuture} too, whose numbers are the expectation.
 */
@Timeout(60)
@ExtendWith(CleanEngine.class)
class TrackedCompletableFutureRetentionTests {

	private static final int ROUNDS = 1000;

	// the reproducer of the issue
	@Test
	void anyOfWithACompleteSourceRegistersNothingOnTheOthers() {
		assertThat(dependentsLeftByAnyOf(TrackedCompletableFuture::new, TrackedCompletableFuture::completedFuture))
			.isEqualTo(dependentsLeftByAnyOf(CompletableFuture::new, CompletableFuture::completedFuture))
			.isZero();
	}

	private static int dependentsLeftByAnyOf(Supplier<CompletableFuture<Object>> incomplete,
			java.util.function.Function<Object, CompletableFuture<Object>> completed) {
		CompletableFuture<Object> never = incomplete.get();
		CompletableFuture<Object> done = completed.apply(1);
		for (int i = 0; i < ROUNDS; i++) {
			assertThat(anyOf(never, done).join()).isEqualTo(1);
		}
		return never.getNumberOfDependents();
	}

	// the reproducer of the issue, and the other either forms in both directions
	@Test
	void eitherStagesCompletedThroughOneSourceLeaveNothingOnTheOther() {
		for (Either either : Either.values()) {
			assertThat(dependentsLeftByEither(either, TrackedCompletableFuture::new)).as(either.name())
				.isEqualTo(dependentsLeftByEither(either, CompletableFuture::new))
				.isZero();
		}
	}

	private static int dependentsLeftByEither(Either either, Supplier<CompletableFuture<Object>> futures) {
		CompletableFuture<Object> incomplete = futures.get();
		for (int i = 0; i < ROUNDS; i++) {
			CompletableFuture<Object> f = futures.get();
			CompletableFuture<?> stage = either.make(f, incomplete);
			f.complete(i);
			assertThat(stage).isDone();
		}
		return incomplete.getNumberOfDependents();
	}

	@Test
	void aPlainIncompleteFutureIsReleasedByTrackedEitherStagesAndAnyOf() {
		CompletableFuture<Object> plain = new CompletableFuture<>();
		for (int i = 0; i < ROUNDS; i++) {
			TrackedCompletableFuture<Object> f = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Object> applied = f.applyToEither(plain, (value) -> value);
			TrackedCompletableFuture<Object> any = TrackedCompletableFuture.anyOf(plain, f);
			f.complete(i);
			assertThat(applied.join()).isEqualTo(i);
			assertThat(any.join()).isEqualTo(i);
		}
		assertThat(plain.getNumberOfDependents()).isZero();
	}

	@Test
	void theStagesThemselvesBecomeGarbage() {
		TrackedCompletableFuture<Object> incomplete = new TrackedCompletableFuture<>();
		List<WeakReference<CompletableFuture<?>>> stages = new ArrayList<>();
		for (Either either : Either.values()) {
			TrackedCompletableFuture<Object> f = new TrackedCompletableFuture<>();
			stages.add(new WeakReference<>(either.make(f, incomplete)));
			stages.add(new WeakReference<>(either.make(incomplete, f)));
			f.complete(1);
		}
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
			System.gc();
			return stages.stream().allMatch((stage) -> stage.get() == null);
		});
		assertThat(incomplete.getNumberOfDependents()).isZero();
		assertThat(incomplete.complete(2)).isTrue();
	}

	@Test
	void reactionsLeftOnTheOtherSourceDoNothingWhenItCompletesLater() {
		try (HookRecorder recorder = HookRecorder.start()) {
			TrackedCompletableFuture<Object> later = new TrackedCompletableFuture<>();
			TrackedCompletableFuture<Object> first = new TrackedCompletableFuture<>();
			List<Object> applied = new ArrayList<>();
			TrackedCompletableFuture<Object> either = first.applyToEither(later, (value) -> {
				applied.add(value);
				return value;
			});
			TrackedCompletableFuture<Object> any = TrackedCompletableFuture.anyOf(later, first);
			first.complete("first");
			later.complete("later");
			assertThat(either.join()).isEqualTo("first");
			assertThat(any.join()).isEqualTo("first");
			assertThat(applied).containsExactly("first");
			assertThat(recorder.namesFor(either.asyncId())).containsExactly("init", "before", "promiseResolve", "after",
					"destroy");
			assertThat(recorder.namesFor(any.asyncId())).containsExactly("init", "promiseResolve", "destroy");
		}
	}

	/**
	 * JSR-166 TCK, {@code CompletableFutureTest.testAnyOfGarbageRetention} (public
	 * domain, CC0), with tracked futures: {@code anyOf} of 99 incomplete futures and a
	 * complete one, many times, keeps nothing on the incomplete ones.
	 */
	@Test
	void tckAnyOfGarbageRetention() {
		for (Integer v : new Integer[] { 1, null }) {
			List<TrackedCompletableFuture<Integer>> fs = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				fs.add(new TrackedCompletableFuture<>());
			}
			fs.get(fs.size() - 1).complete(v);
			CompletableFuture<?>[] array = fs.toArray(CompletableFuture<?>[]::new);
			for (int i = 0; i < ROUNDS; i++) {
				assertThat(TrackedCompletableFuture.anyOf(array).join()).isEqualTo(v);
			}
			for (TrackedCompletableFuture<Integer> f : fs) {
				assertThat(f.getNumberOfDependents()).isZero();
			}
		}
	}

	/**
	 * JSR-166 TCK, {@code CompletableFutureTest.testCoCompletionGarbageRetention} (public
	 * domain, CC0), with tracked futures: either stages and {@code anyOf} completed
	 * through one source keep nothing on the incomplete other, in both directions.
	 */
	@Test
	void tckCoCompletionGarbageRetention() {
		TrackedCompletableFuture<Integer> incomplete = new TrackedCompletableFuture<>();
		TrackedCompletableFuture<Integer> f;
		for (int i = 0; i < ROUNDS; i++) {
			f = new TrackedCompletableFuture<>();
			f.runAfterEither(incomplete, () -> {
			});
			f.complete(null);
			f = new TrackedCompletableFuture<>();
			f.acceptEither(incomplete, (x) -> {
			});
			f.complete(null);
			f = new TrackedCompletableFuture<>();
			f.applyToEither(incomplete, (x) -> x);
			f.complete(null);
			f = new TrackedCompletableFuture<>();
			TrackedCompletableFuture.anyOf(f, incomplete);
			f.complete(null);
		}
		for (int i = 0; i < ROUNDS; i++) {
			f = new TrackedCompletableFuture<>();
			incomplete.runAfterEither(f, () -> {
			});
			f.complete(null);
			f = new TrackedCompletableFuture<>();
			incomplete.acceptEither(f, (x) -> {
			});
			f.complete(null);
			f = new TrackedCompletableFuture<>();
			incomplete.applyToEither(f, (x) -> x);
			f.complete(null);
			f = new TrackedCompletableFuture<>();
			TrackedCompletableFuture.anyOf(incomplete, f);
			f.complete(null);
		}
		assertThat(incomplete.getNumberOfDependents()).isZero();
	}

	private static CompletableFuture<Object> anyOf(CompletableFuture<?>... futures) {
		return (futures[0] instanceof TrackedCompletableFuture) ? TrackedCompletableFuture.anyOf(futures)
				: CompletableFuture.anyOf(futures);
	}

	enum Either {

		APPLY {
			@Override
			CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other) {
				return f.applyToEither(other, (value) -> value);
			}
		},

		ACCEPT {
			@Override
			CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other) {
				return f.acceptEither(other, (value) -> {
				});
			}
		},

		RUN {
			@Override
			CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other) {
				return f.runAfterEither(other, () -> {
				});
			}
		},

		ANY_OF {
			@Override
			CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other) {
				return anyOf(f, other);
			}
		},

		OTHER_FIRST_ANY_OF {
			@Override
			CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other) {
				return anyOf(other, f);
			}
		},

		OTHER_APPLY {
			@Override
			CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other) {
				return other.applyToEither(f, (value) -> value);
			}
		};

		abstract CompletableFuture<?> make(CompletableFuture<Object> f, CompletableFuture<Object> other);

	}

}
