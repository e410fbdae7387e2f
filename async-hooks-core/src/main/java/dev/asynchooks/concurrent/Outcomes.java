package dev.asynchooks.concurrent;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * What the outcome slot of a {@link TrackedCompletableFuture} holds once it is complete:
 * the value ({@link #NIL} for {@code null}) or a {@link Failure}; and the rules by which
 * a failure travels to a dependent, which are {@code CompletableFuture}'s.
 */
final class Outcomes {

	/** How a {@code null} value is held. */
	static final Object NIL = new Object();

	private Outcomes() {
	}

	static Object encode(@Nullable Object value) {
		return (value != null) ? value : NIL;
	}

	@SuppressWarnings("unchecked")
	static <V> @Nullable V value(Object outcome) {
		return (outcome != NIL) ? (V) outcome : null;
	}

	static Object outcomeOf(@Nullable Object value, @Nullable Throwable ex) {
		return (ex != null) ? new Failure(ex) : encode(value);
	}

	static @Nullable Throwable exceptionOf(Object outcome) {
		return (outcome instanceof Failure failure) ? failure.ex : null;
	}

	/** A failure relayed to a dependent is held in a {@code CompletionException}. */
	static Object relayed(Object outcome) {
		return (outcome instanceof Failure failure && !(failure.ex instanceof CompletionException))
				? new Failure(new CompletionException(failure.ex)) : outcome;
	}

	static CompletionException wrap(Throwable ex) {
		return (ex instanceof CompletionException completionException) ? completionException
				: new CompletionException(ex);
	}

	static Object firstFailureOrNil(Object[] outcomes) {
		for (Object outcome : outcomes) {
			if (outcome instanceof Failure) {
				return relayed(outcome);
			}
		}
		return NIL;
	}

	/** How an exception is held. */
	static final class Failure {

		final Throwable ex;

		Failure(Throwable ex) {
			this.ex = ex;
		}

	}

	/**
	 * What a compose function returned: not an outcome yet, the stage whose outcome
	 * completes its promise.
	 */
	static final class Follow {

		final @Nullable CompletionStage<?> stage;

		Follow(@Nullable CompletionStage<?> stage) {
			this.stage = stage;
		}

	}

}
