package dev.asynchooks.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.concurrent.Outcomes.Failure;
import dev.asynchooks.concurrent.Outcomes.Follow;
import dev.asynchooks.internal.EngineAccess;
import dev.asynchooks.internal.OwnedResource;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

import static dev.asynchooks.concurrent.Outcomes.NIL;
import static dev.asynchooks.concurrent.Outcomes.encode;
import static dev.asynchooks.concurrent.Outcomes.outcomeOf;
import static dev.asynchooks.concurrent.Outcomes.relayed;
import static dev.asynchooks.concurrent.Outcomes.value;
import static dev.asynchooks.concurrent.Outcomes.wrap;

/**
 * A {@link CompletableFuture} that is a {@code PROMISE} resource, and so is every stage
 * made from it: the counterpart of a Node.js promise under {@code async_hooks}.
 *
 * <pre>{@code
 * TrackedCompletableFuture.supplyAsync(() -> loadOrder(id), executor)
 *     .thenApply(Order::total)                 // runs in the thenApply promise's scope
 *     .whenComplete((total, ex) -> log(total)); // with the stores of the caller
 * }</pre>
 *
 * <h2>Events</h2> Every instance, including each dependent stage returned by
 * {@code thenApply}, {@code thenCompose}, {@code handle} and the other
 * {@link CompletionStage} methods, delivers
 * {@code init(asyncId, "PROMISE", triggerAsyncId, future)} when it is created, on the
 * creating thread, with the future itself as the resource. The trigger of a dependent
 * stage is the stage it depends on (for the two-source stages, {@code thenCombine},
 * {@code applyToEither} and the like: the stage the method is called on, not
 * {@code other}); any other promise is triggered by the
 * {@link AsyncHooks#executionAsyncId()} of its creator.
 * <p>
 * When the future is completed, however that happens ({@code complete},
 * {@code completeExceptionally}, {@code cancel}, {@code obtrude*}, a timeout, its own
 * function), {@code promiseResolve(asyncId)} is delivered once, on the completing thread,
 * before any stage that depends on it runs (Node: resolve, then reactions).
 * <p>
 * <b>The rule of every dependent stage.</b> The function given to a
 * {@code CompletionStage} method ({@code thenApply(fn)},
 * {@code handleAsync(fn, executor)}, ...), and the supplier of
 * {@link #supplyAsync(Supplier)}, {@link #runAsync(Runnable)} and
 * {@link #completeAsync(Supplier)}, runs in the returned promise's scope, in the
 * {@link AsyncLocalStorage} context of the code that called the method:
 * {@code before(asyncId)}, the function, {@code promiseResolve(asyncId)},
 * {@code after(asyncId)}. Inside it {@link AsyncHooks#executionAsyncId()} is the
 * dependent, {@link AsyncHooks#triggerAsyncId()} its source and
 * {@link AsyncHooks#executionAsyncResource()} the dependent future. A promise whose
 * function does not run (a {@code thenApply} stage of a failed source, a future completed
 * by hand, a {@link #copy()}) gets {@code promiseResolve} but no
 * {@code before}/{@code after}. A {@code thenCompose} or {@code exceptionallyCompose}
 * stage is resolved by the stage its function returns, so, as in Node, its
 * {@code promiseResolve} comes when that stage completes, after its {@code after}.
 * <p>
 * <b>Destroy.</b> A promise is destroyed as soon as it is settled and its own function,
 * if one runs, has returned: {@code destroy(asyncId)} comes on the completing thread
 * right after {@code promiseResolve}, or, for a promise whose function runs, after its
 * {@code after}; for a {@code thenCompose} stage, when the stage its function returned
 * completes. It comes before the promise's dependents run, and no event for its id
 * follows it (the promise may still be the trigger of stages made from it later). Only a
 * promise made while a hook was enabled gets a {@code destroy}, as in Node; one that is
 * never settled is destroyed when it is garbage-collected, if a {@code destroy} hook was
 * enabled when it was made. A settled promise is never registered with the garbage
 * collector beyond its settlement. Events reach only the hooks enabled at the time;
 * context propagation does not depend on hooks.
 *
 * <h2>Context</h2> A dependent's function runs in the {@link AsyncLocalStorage} context
 * of the code that registered it (called {@code thenApply}), whatever thread completes
 * the source and whatever stores that thread has: unlike a plain
 * {@code CompletableFuture}, whose dependents run in the context of the completing
 * thread.
 *
 * <h2>Compatibility</h2> Values, exceptions and threads are those of
 * {@code CompletableFuture}: a function that throws completes its stage with a
 * {@link CompletionException} holding the exception (unless it is one already); a failure
 * reaches the dependents that do not handle it wrapped in a {@code CompletionException};
 * {@code handle}, {@code whenComplete} and {@code exceptionally} see the exception as
 * stored; {@link #get()} throws {@link ExecutionException} and {@link #join()}
 * {@code CompletionException}. Synchronous dependents run on the thread that completes
 * the source, or at once on the registering thread when the source is complete.
 * {@code Async} forms run the function on the given executor ({@link #defaultExecutor()}
 * when none is given); when that executor rejects it, the stage completes exceptionally
 * with the rejection. Each method returns a {@code TrackedCompletableFuture};
 * {@link #minimalCompletionStage()}, {@link #completedStage(Object)} and
 * {@link #failedStage(Throwable)} return one that, like the JDK's, throws
 * {@link UnsupportedOperationException} from every method that is not part of
 * {@code CompletionStage}. {@link #of(CompletionStage)} tracks a stage made elsewhere.
 * Memory is released as the JDK releases it: a reaction registered on a source that can
 * no longer fire it ({@code anyOf} or an {@code applyToEither} completed through another
 * source) is dropped from that source, so a long-lived incomplete future does not
 * accumulate dependents.
 * <p>
 * The dependents of one future run in the order they were registered. A dependent that
 * its own function completes runs its dependents after its {@code after}, so a long chain
 * takes no stack depth; a completion method ({@code complete}, {@code cancel}, ...)
 * returns when every dependent that runs synchronously, transitively, has run.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public class TrackedCompletableFuture<T> extends CompletableFuture<T> {

	// names the user's function of the stage made next, for its creation site
	private static final EngineAccess ENGINE = EngineAccess.get();

	private static final VarHandle OUTCOME;

	static {
		try {
			OUTCOME = MethodHandles.lookup().findVarHandle(TrackedCompletableFuture.class, "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final PromiseResource promise;

	// the same resource, set just before init is delivered: for init hooks that ask the
	// future for its id before the constructor has set the final field
	private @Nullable PromiseResource initializing;

	// the outcome slot: null until completed, then an outcome (see Outcomes); set before
	// the CompletableFuture state, which it mirrors
	private volatile @Nullable Object outcome;

	// see ReactionStack
	volatile ReactionStack.@Nullable Node reactions;

	/**
	 * Create an incomplete promise triggered by the current
	 * {@link AsyncHooks#executionAsyncId()}. It gets {@code before}/{@code after} only if
	 * given a function with {@link #completeAsync(Supplier)}.
	 */
	public TrackedCompletableFuture() {
		this(AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID);
	}

	TrackedCompletableFuture(long triggerAsyncId) {
		this.promise = new TrackedPromise(triggerAsyncId);
	}

	// Factories

	/**
	 * Return a promise completed by {@code supplier}, which runs on
	 * {@linkplain #defaultExecutor() the default executor} in the promise's scope.
	 * @param <U> the type of the value
	 * @param supplier the function that computes the value
	 * @return the new promise, triggered by the caller's context
	 * @throws NullPointerException if {@code supplier} is {@code null}
	 * @see #supplyAsync(Supplier, Executor)
	 */
	public static <U> TrackedCompletableFuture<U> supplyAsync(Supplier<U> supplier) {
		ENGINE.nextSiteKey(Objects.requireNonNull(supplier, "'supplier' must not be null"));
		TrackedCompletableFuture<U> future = new TrackedCompletableFuture<>();
		return future.completeAsync(supplier, future.defaultExecutor());
	}

	/**
	 * Return a promise completed by {@code supplier}, which runs on {@code executor}:
	 * {@code before}, the supplier, {@code promiseResolve}, {@code after},
	 * {@code destroy}, with the promise as the execution context and the stores of the
	 * caller. An exception thrown by the supplier completes the promise with a
	 * {@link CompletionException} holding it.
	 * @param <U> the type of the value
	 * @param supplier the function that computes the value
	 * @param executor the executor that runs it
	 * @return the new promise, triggered by the caller's context
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws java.util.concurrent.RejectedExecutionException if the executor rejects the
	 * task (as {@code CompletableFuture.supplyAsync} does)
	 */
	public static <U> TrackedCompletableFuture<U> supplyAsync(Supplier<U> supplier, Executor executor) {
		Objects.requireNonNull(supplier, "'supplier' must not be null");
		Objects.requireNonNull(executor, "'executor' must not be null");
		ENGINE.nextSiteKey(supplier);
		return new TrackedCompletableFuture<U>().completeAsync(supplier, executor);
	}

	/**
	 * Return a promise completed when {@code runnable} has run on the default executor,
	 * in the promise's scope.
	 * @param runnable the action
	 * @return the new promise, triggered by the caller's context
	 * @throws NullPointerException if {@code runnable} is {@code null}
	 * @see #supplyAsync(Supplier, Executor)
	 */
	public static TrackedCompletableFuture<Void> runAsync(Runnable runnable) {
		ENGINE.nextSiteKey(Objects.requireNonNull(runnable, "'runnable' must not be null"));
		TrackedCompletableFuture<Void> future = new TrackedCompletableFuture<>();
		return future.completeAsync(asSupplier(runnable), future.defaultExecutor());
	}

	/**
	 * Return a promise completed when {@code runnable} has run on {@code executor}, in
	 * the promise's scope.
	 * @param runnable the action
	 * @param executor the executor that runs it
	 * @return the new promise, triggered by the caller's context
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws java.util.concurrent.RejectedExecutionException if the executor rejects the
	 * task
	 * @see #supplyAsync(Supplier, Executor)
	 */
	public static TrackedCompletableFuture<Void> runAsync(Runnable runnable, Executor executor) {
		Objects.requireNonNull(runnable, "'runnable' must not be null");
		Objects.requireNonNull(executor, "'executor' must not be null");
		ENGINE.nextSiteKey(runnable);
		return new TrackedCompletableFuture<Void>().completeAsync(asSupplier(runnable), executor);
	}

	/**
	 * Return a promise already completed with {@code value}, like
	 * {@code Promise.resolve(value)}: {@code init}, {@code promiseResolve} and
	 * {@code destroy}, on the calling thread.
	 * @param <U> the type of the value
	 * @param value the value
	 * @return the completed promise
	 */
	public static <U> TrackedCompletableFuture<U> completedFuture(@Nullable U value) {
		return resolved(new TrackedCompletableFuture<>(), encode(value));
	}

	/**
	 * Return a promise already completed exceptionally with {@code ex}, stored as given.
	 * @param <U> the type of the value
	 * @param ex the exception
	 * @return the completed promise
	 * @throws NullPointerException if {@code ex} is {@code null}
	 */
	public static <U> TrackedCompletableFuture<U> failedFuture(Throwable ex) {
		Objects.requireNonNull(ex, "'ex' must not be null");
		return resolved(new TrackedCompletableFuture<>(), new Failure(ex));
	}

	/**
	 * Return a minimal stage already completed with {@code value}: only the
	 * {@link CompletionStage} methods work, the others throw
	 * {@link UnsupportedOperationException}.
	 * @param <U> the type of the value
	 * @param value the value
	 * @return the completed stage
	 * @see #minimalCompletionStage()
	 */
	public static <U> TrackedCompletableFuture<U> completedStage(@Nullable U value) {
		return resolved(new MinimalStage<>(AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID), encode(value));
	}

	/**
	 * Return a minimal stage already completed exceptionally with {@code ex}.
	 * @param <U> the type of the value
	 * @param ex the exception
	 * @return the completed stage
	 * @throws NullPointerException if {@code ex} is {@code null}
	 * @see #minimalCompletionStage()
	 */
	public static <U> TrackedCompletableFuture<U> failedStage(Throwable ex) {
		Objects.requireNonNull(ex, "'ex' must not be null");
		return resolved(new MinimalStage<>(AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID), new Failure(ex));
	}

	/**
	 * Return a promise completed when all the given futures are, as
	 * {@link CompletableFuture#allOf}: with {@code null}, or, if any failed, with a
	 * {@link CompletionException} holding the failure of the first failed future in
	 * argument order. It has no function of its own and is triggered by the caller's
	 * context. With no argument it is completed at once.
	 * @param cfs the futures, tracked or not
	 * @return the new promise
	 * @throws NullPointerException if the array or an element is {@code null}
	 */
	public static TrackedCompletableFuture<Void> allOf(CompletableFuture<?>... cfs) {
		CompletableFuture<?>[] sources = requireNoNullElements(cfs);
		TrackedCompletableFuture<Void> all = new TrackedCompletableFuture<>();
		if (sources.length == 0) {
			return resolved(all, NIL);
		}
		Object[] outcomes = new Object[sources.length];
		AtomicInteger pending = new AtomicInteger(sources.length);
		for (int i = 0; i < sources.length; i++) {
			int index = i;
			listen(sources[i], (outcome) -> {
				outcomes[index] = outcome;
				if (pending.decrementAndGet() == 0) {
					all.settle(Outcomes.firstFailureOrNil(outcomes));
				}
			});
		}
		return all;
	}

	/**
	 * Return a promise completed as soon as one of the given futures is, with the same
	 * value or a {@link CompletionException} holding its failure, as
	 * {@link CompletableFuture#anyOf}; when several are complete already, the first in
	 * argument order wins, and then nothing is registered on the others. Once it is
	 * complete, it is released from the futures still pending. With no argument it never
	 * completes.
	 * @param cfs the futures, tracked or not
	 * @return the new promise, triggered by the caller's context
	 * @throws NullPointerException if the array is {@code null}, or an element before the
	 * first complete one
	 */
	public static TrackedCompletableFuture<Object> anyOf(CompletableFuture<?>... cfs) {
		CompletableFuture<?>[] sources = Objects.requireNonNull(cfs, "'cfs' must not be null").clone();
		TrackedCompletableFuture<Object> any = new TrackedCompletableFuture<>();
		for (CompletableFuture<?> source : sources) {
			if (isDone(Objects.requireNonNull(source, "'cfs' must not contain null"))) {
				// as the JDK: the first complete one wins and nothing is registered
				listen(source, any::relay);
				return any;
			}
		}
		if (sources.length != 0) {
			new FirstOf(any::relay, sources).listen();
		}
		return any;
	}

	/**
	 * Track a stage made elsewhere: return it if it is a
	 * {@code TrackedCompletableFuture}, else a new promise, triggered by the caller's
	 * context, that completes with the same value or exception when the stage completes
	 * (on the thread that completes it).
	 * @param <U> the type of the value
	 * @param stage the stage
	 * @return a tracked promise for the stage
	 * @throws NullPointerException if {@code stage} is {@code null}
	 */
	public static <U> TrackedCompletableFuture<U> of(CompletionStage<U> stage) {
		Objects.requireNonNull(stage, "'stage' must not be null");
		if (stage instanceof TrackedCompletableFuture<U> tracked) {
			return tracked;
		}
		return follower(stage, new TrackedCompletableFuture<>());
	}

	/**
	 * Track a stage made elsewhere on behalf of another resource: like
	 * {@link #of(CompletionStage)}, but the new promise is triggered by
	 * {@code triggerAsyncId} instead of the caller's context. For integrations that hand
	 * back a stage for work that runs in a resource of their own (a Spring {@code @Async}
	 * method returns a future triggered by its invocation).
	 * @param <U> the type of the value
	 * @param stage the stage
	 * @param triggerAsyncId the id of the resource that causes the promise, {@code 0} or
	 * more
	 * @return a tracked promise for the stage, or the stage itself if it is a
	 * {@code TrackedCompletableFuture}
	 * @throws NullPointerException if {@code stage} is {@code null}
	 * @throws IllegalArgumentException if {@code triggerAsyncId} is negative
	 */
	public static <U> TrackedCompletableFuture<U> of(CompletionStage<U> stage, long triggerAsyncId) {
		Objects.requireNonNull(stage, "'stage' must not be null");
		if (triggerAsyncId < 0) {
			throw new IllegalArgumentException(
					"Invalid triggerAsyncId value: " + triggerAsyncId + " ('triggerAsyncId' must be 0 or more)");
		}
		if (stage instanceof TrackedCompletableFuture<U> tracked) {
			return tracked;
		}
		return follower(stage, new TrackedCompletableFuture<>(triggerAsyncId));
	}

	private static <U> TrackedCompletableFuture<U> follower(CompletionStage<U> stage,
			TrackedCompletableFuture<U> future) {
		stage.whenComplete((value, ex) -> Trampoline.drain(() -> future.settle(outcomeOf(value, ex))));
		return future;
	}

	// Identity

	/**
	 * The id of this promise, as passed to the hooks.
	 * @return the async id
	 */
	public final long asyncId() {
		return promise().asyncId();
	}

	/**
	 * The id of what caused this promise: the stage it depends on, or the context that
	 * created it.
	 * @return the trigger id
	 */
	public final long triggerAsyncId() {
		return promise().triggerAsyncId();
	}

	@SuppressWarnings("ConstantValue")
	private PromiseResource promise() {
		PromiseResource promise = this.promise;
		if (promise == null) {
			// an init hook of this future, before the constructor has returned
			promise = this.initializing;
			if (promise == null) {
				throw new IllegalStateException("The PROMISE resource of this future is not created yet");
			}
		}
		return promise;
	}

	// Completion

	@Override
	public boolean complete(@Nullable T value) {
		return completeNow(encode(value));
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		Objects.requireNonNull(ex, "'ex' must not be null");
		return completeNow(new Failure(ex));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Cancelling is completing exceptionally with a {@link CancellationException}. A
	 * dependent whose function has not started yet when it is cancelled never runs it;
	 * one whose function is running is destroyed when it returns.
	 */
	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = completeNow(new Failure(new CancellationException()));
		return cancelled || (this.outcome instanceof Failure failure && failure.ex instanceof CancellationException);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Delivers {@code promiseResolve} (and {@code destroy}) only if the future was not
	 * complete yet.
	 */
	@Override
	public void obtrudeValue(@Nullable T value) {
		obtrude(encode(value));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Delivers {@code promiseResolve} (and {@code destroy}) only if the future was not
	 * complete yet.
	 */
	@Override
	public void obtrudeException(Throwable ex) {
		Objects.requireNonNull(ex, "'ex' must not be null");
		obtrude(new Failure(ex));
	}

	/**
	 * Complete this promise with the value of {@code supplier}, run on the default
	 * executor in this promise's scope.
	 * @param supplier the function that computes the value
	 * @return this promise
	 * @see #completeAsync(Supplier, Executor)
	 */
	@Override
	public TrackedCompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
		return completeAsync(supplier, defaultExecutor());
	}

	/**
	 * Complete this promise with the value of {@code supplier}, run on {@code executor}
	 * in this promise's scope ({@code before}, the supplier, {@code promiseResolve},
	 * {@code after}), so with the {@link AsyncLocalStorage} stores of where the promise
	 * was created; the supplier is not called if the promise is complete by then. An
	 * exception thrown by the supplier completes the promise with a
	 * {@link CompletionException} holding it.
	 * <p>
	 * As with {@code CompletableFuture}, every supplier given to a promise whose task
	 * starts before the promise is complete runs, and the first to return completes it
	 * (two suppliers racing, as in a hedged request). Each run is one
	 * {@code before}/{@code after} pair of this promise, on its own thread; only the run
	 * that completes the promise delivers {@code promiseResolve}, and {@code destroy}
	 * comes after the last running supplier's {@code after}.
	 * @param supplier the function that computes the value
	 * @param executor the executor that runs it
	 * @return this promise
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws java.util.concurrent.RejectedExecutionException if the executor rejects the
	 * task
	 */
	@Override
	public TrackedCompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
		Objects.requireNonNull(supplier, "'supplier' must not be null");
		Objects.requireNonNull(executor, "'executor' must not be null");
		executor.execute(new Trampoline.Task(() -> runInScope((input) -> encode(supplier.get()), NIL)));
		return this;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The timeout completes the promise on a daemon scheduler thread, which delivers its
	 * {@code promiseResolve}. The timer is cancelled when the promise completes first.
	 */
	@Override
	public TrackedCompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
		Objects.requireNonNull(unit, "'unit' must not be null");
		arrangeTimeout(timeout, unit, () -> completeExceptionally(new TimeoutException()));
		return this;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The timeout completes the promise on a daemon scheduler thread, which delivers its
	 * {@code promiseResolve}. The timer is cancelled when the promise completes first.
	 */
	@Override
	public TrackedCompletableFuture<T> completeOnTimeout(@Nullable T value, long timeout, TimeUnit unit) {
		Objects.requireNonNull(unit, "'unit' must not be null");
		arrangeTimeout(timeout, unit, () -> complete(value));
		return this;
	}

	// Dependent stages: each follows the rule stated once in the class description

	@Override
	public <U> TrackedCompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
		return applyStage(null, requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
		return applyStage(defaultExecutor(), requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
		return applyStage(requireExecutor(executor), requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<Void> thenAccept(Consumer<? super T> action) {
		return applyStage(null, asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
		return applyStage(defaultExecutor(), asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
		return applyStage(requireExecutor(executor), asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> thenRun(Runnable action) {
		return applyStage(null, asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> thenRunAsync(Runnable action) {
		return applyStage(defaultExecutor(), asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
		return applyStage(requireExecutor(executor), asFunction(action));
	}

	@Override
	public <U, V> TrackedCompletableFuture<V> thenCombine(CompletionStage<? extends U> other,
			BiFunction<? super T, ? super U, ? extends V> fn) {
		return bothStage(null, other, requireFunction(fn));
	}

	@Override
	public <U, V> TrackedCompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
			BiFunction<? super T, ? super U, ? extends V> fn) {
		return bothStage(defaultExecutor(), other, requireFunction(fn));
	}

	@Override
	public <U, V> TrackedCompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
			BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
		return bothStage(requireExecutor(executor), other, requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other,
			BiConsumer<? super T, ? super U> action) {
		return bothStage(null, other, asFunction(action));
	}

	@Override
	public <U> TrackedCompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
			BiConsumer<? super T, ? super U> action) {
		return bothStage(defaultExecutor(), other, asFunction(action));
	}

	@Override
	public <U> TrackedCompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
			BiConsumer<? super T, ? super U> action, Executor executor) {
		return bothStage(requireExecutor(executor), other, asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
		return bothStage(null, other, asBiFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
		return bothStage(defaultExecutor(), other, asBiFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action,
			Executor executor) {
		return bothStage(requireExecutor(executor), other, asBiFunction(action));
	}

	@Override
	public <U> TrackedCompletableFuture<U> applyToEither(CompletionStage<? extends T> other,
			Function<? super T, U> fn) {
		return eitherStage(null, other, requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other,
			Function<? super T, U> fn) {
		return eitherStage(defaultExecutor(), other, requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other,
			Function<? super T, U> fn, Executor executor) {
		return eitherStage(requireExecutor(executor), other, requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
		return eitherStage(null, other, asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other,
			Consumer<? super T> action) {
		return eitherStage(defaultExecutor(), other, asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other,
			Consumer<? super T> action, Executor executor) {
		return eitherStage(requireExecutor(executor), other, asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
		return eitherStage(null, anyValue(other), asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
		return eitherStage(defaultExecutor(), anyValue(other), asFunction(action));
	}

	@Override
	public TrackedCompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action,
			Executor executor) {
		return eitherStage(requireExecutor(executor), anyValue(other), asFunction(action));
	}

	@Override
	public <U> TrackedCompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
		return composeStage(null, requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
		return composeStage(defaultExecutor(), requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn,
			Executor executor) {
		return composeStage(requireExecutor(executor), requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
		return handleStage(null, requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
		return handleStage(defaultExecutor(), requireFunction(fn));
	}

	@Override
	public <U> TrackedCompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn,
			Executor executor) {
		return handleStage(requireExecutor(executor), requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
		return whenCompleteStage(null, requireFunction(action));
	}

	@Override
	public TrackedCompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
		return whenCompleteStage(defaultExecutor(), requireFunction(action));
	}

	@Override
	public TrackedCompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action,
			Executor executor) {
		return whenCompleteStage(requireExecutor(executor), requireFunction(action));
	}

	@Override
	public TrackedCompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
		return exceptionallyStage(null, requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
		return exceptionallyStage(defaultExecutor(), requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
		return exceptionallyStage(requireExecutor(executor), requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
		return exceptionallyComposeStage(null, requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
		return exceptionallyComposeStage(defaultExecutor(), requireFunction(fn));
	}

	@Override
	public TrackedCompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn,
			Executor executor) {
		return exceptionallyComposeStage(requireExecutor(executor), requireFunction(fn));
	}

	/**
	 * Return this promise.
	 * @return this
	 */
	@Override
	public TrackedCompletableFuture<T> toCompletableFuture() {
		return this;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The copy is a promise triggered by this one, with no function of its own: it gets
	 * {@code promiseResolve} but no {@code before}/{@code after}.
	 */
	@Override
	public TrackedCompletableFuture<T> copy() {
		TrackedCompletableFuture<T> copy = newDependent();
		relay(this, copy);
		return copy;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The stage is a promise triggered by this one, with no function of its own, whose
	 * dependents are minimal stages too.
	 */
	@Override
	public TrackedCompletableFuture<T> minimalCompletionStage() {
		TrackedCompletableFuture<T> stage = new MinimalStage<>(asyncId());
		relay(this, stage);
		return stage;
	}

	/**
	 * Return a new incomplete promise triggered by this one. Stages made by this class do
	 * not call it; it serves code that builds dependents itself, including the JDK's
	 * {@code CompletableFuture} methods given this future as an argument.
	 * @param <U> the type of the value
	 * @return a new incomplete promise
	 */
	@Override
	public <U> TrackedCompletableFuture<U> newIncompleteFuture() {
		TrackedCompletableFuture<U> future = newDependent();
		future.watchCompletableFutureCompletion();
		return future;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Counts the stages registered on this promise that have not run yet.
	 */
	@Override
	public int getNumberOfDependents() {
		return ReactionStack.count(this) + super.getNumberOfDependents();
	}

	/**
	 * A string identifying this promise, its async id and its state.
	 * @return the description
	 */
	@Override
	public String toString() {
		Object outcome = this.outcome;
		String state;
		if (outcome == null) {
			int dependents = ReactionStack.count(this);
			state = (dependents != 0) ? "Not completed, " + dependents + " dependents" : "Not completed";
		}
		else if (outcome instanceof Failure failure) {
			state = "Completed exceptionally: " + failure.ex.getClass().getName();
		}
		else {
			state = "Completed normally";
		}
		return getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this)) + "["
				+ ResourceTypes.PROMISE + " " + promiseId() + ", " + state + "]";
	}

	// toString() can be called by an init hook while the promise's resource is being
	// built
	@SuppressWarnings("ConstantValue")
	private String promiseId() {
		PromiseResource promise = (this.promise != null) ? this.promise : this.initializing;
		return (promise != null) ? String.valueOf(promise.asyncId()) : "(initializing)";
	}

	// Building stages

	/**
	 * Create the future that a dependent stage of this one returns.
	 */
	<U> TrackedCompletableFuture<U> newDependent() {
		return new TrackedCompletableFuture<>(asyncId());
	}

	private <V> TrackedCompletableFuture<V> applyStage(@Nullable Executor executor,
			Function<? super T, ? extends V> fn) {
		TrackedCompletableFuture<V> dependent = newDependent();
		whenDone(new Apply<>(dependent, executor, fn));
		return dependent;
	}

	private <U, V> TrackedCompletableFuture<V> bothStage(@Nullable Executor executor,
			CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
		CompletableFuture<? extends U> second = completable(Objects.requireNonNull(other, "'other' must not be null"));
		TrackedCompletableFuture<V> dependent = newDependent();
		// the JDK hands a stage whose sources are both complete already to the executor
		// before it looks at their outcomes, and one with a source pending after
		boolean hopFirst = executor != null && isDone(this) && isDone(second);
		Both both = new Both();
		Runnable whenBoth = () -> {
			if (hopFirst) {
				dependent.hop(executor, () -> dependent.combine(null, both.first, both.second, fn));
			}
			else {
				dependent.combine(executor, both.first, both.second, fn);
			}
		};
		whenDone((outcome) -> {
			both.first = outcome;
			both.arrived(whenBoth);
		});
		listen(second, (outcome) -> {
			both.second = outcome;
			both.arrived(whenBoth);
		});
		return dependent;
	}

	private <U, V> void combine(@Nullable Executor executor, @Nullable Object first, @Nullable Object second,
			BiFunction<? super V, ? super U, ? extends T> fn) {
		if (first instanceof Failure) {
			relay(first);
		}
		else if (second instanceof Failure) {
			relay(second);
		}
		else {
			run(executor, (input) -> encode(fn.apply(value(first), value(second))), NIL);
		}
	}

	private <V> TrackedCompletableFuture<V> eitherStage(@Nullable Executor executor, CompletionStage<? extends T> other,
			Function<? super T, ? extends V> fn) {
		CompletableFuture<? extends T> second = completable(Objects.requireNonNull(other, "'other' must not be null"));
		TrackedCompletableFuture<V> dependent = newDependent();
		// the opposite of bothStage: with a source complete already the JDK looks at its
		// outcome first, else it hands the stage to the executor first
		boolean hopFirst = executor != null && !isDone(this) && !isDone(second);
		Reaction apply = (outcome) -> {
			if (hopFirst) {
				dependent.hop(executor, () -> dependent.apply(null, outcome, fn));
			}
			else {
				dependent.apply(executor, outcome, fn);
			}
		};
		if (isDone(this)) {
			whenDone(apply);
		}
		else if (isDone(second)) {
			// as the JDK: nothing is registered on a source that cannot win
			listen(second, apply);
		}
		else {
			new FirstOf(apply, new CompletableFuture<?>[] { this, second }).listen();
		}
		return dependent;
	}

	private <U> void apply(@Nullable Executor executor, Object outcome, Function<? super U, ? extends T> fn) {
		if (outcome instanceof Failure) {
			relay(outcome);
		}
		else {
			run(executor, (input) -> encode(fn.apply(value(input))), outcome);
		}
	}

	private <V> TrackedCompletableFuture<V> composeStage(@Nullable Executor executor,
			Function<? super T, ? extends CompletionStage<V>> fn) {
		TrackedCompletableFuture<V> dependent = newDependent();
		whenDone((outcome) -> {
			if (outcome instanceof Failure) {
				dependent.relay(outcome);
			}
			else {
				dependent.run(executor, (input) -> new Follow(fn.apply(value(input))), outcome);
			}
		});
		return dependent;
	}

	private <V> TrackedCompletableFuture<V> handleStage(@Nullable Executor executor,
			BiFunction<? super T, Throwable, ? extends V> fn) {
		TrackedCompletableFuture<V> dependent = newDependent();
		whenDone((outcome) -> dependent.run(executor, (input) -> {
			Throwable ex = Outcomes.exceptionOf(input);
			return encode(fn.apply((ex != null) ? null : value(input), ex));
		}, outcome));
		return dependent;
	}

	private TrackedCompletableFuture<T> whenCompleteStage(@Nullable Executor executor,
			BiConsumer<? super T, ? super Throwable> action) {
		TrackedCompletableFuture<T> dependent = newDependent();
		whenDone((outcome) -> dependent.run(executor, (input) -> {
			Throwable ex = Outcomes.exceptionOf(input);
			try {
				action.accept((ex != null) ? null : value(input), ex);
			}
			catch (Throwable actionEx) {
				if (ex == null) {
					return new Failure(wrap(actionEx));
				}
				if (ex != actionEx) {
					ex.addSuppressed(actionEx);
				}
			}
			return relayed(input);
		}, outcome));
		return dependent;
	}

	private TrackedCompletableFuture<T> exceptionallyStage(@Nullable Executor executor,
			Function<Throwable, ? extends T> fn) {
		TrackedCompletableFuture<T> dependent = newDependent();
		whenDone((outcome) -> {
			if (outcome instanceof Failure failure) {
				dependent.run(executor, (input) -> encode(fn.apply(failure.ex)), outcome);
			}
			else {
				// the JDK hops to the executor here too, though there is no function to
				// run
				dependent.hop(executor, () -> dependent.settle(outcome));
			}
		});
		return dependent;
	}

	private TrackedCompletableFuture<T> exceptionallyComposeStage(@Nullable Executor executor,
			Function<Throwable, ? extends CompletionStage<T>> fn) {
		TrackedCompletableFuture<T> dependent = newDependent();
		whenDone((outcome) -> {
			if (outcome instanceof Failure failure) {
				dependent.run(executor, (input) -> new Follow(fn.apply(failure.ex)), outcome);
			}
			else {
				dependent.settle(outcome);
			}
		});
		return dependent;
	}

	static <T> void relay(TrackedCompletableFuture<T> source, TrackedCompletableFuture<T> target) {
		source.whenDone(target::relay);
	}

	// Running a dependent

	/**
	 * Run {@code body} in this promise's scope, on {@code executor} when there is one,
	 * and complete the promise with the outcome it returns.
	 */
	private void run(@Nullable Executor executor, Body body, Object input) {
		if (executor == null) {
			runInScope(body, input);
		}
		else {
			hop(executor, () -> runInScope(body, input));
		}
	}

	private void hop(@Nullable Executor executor, Runnable action) {
		if (executor == null) {
			action.run();
		}
		else if (this.outcome == null) {
			try {
				executor.execute(new Trampoline.Task(action));
			}
			catch (Throwable ex) {
				settle(new Failure(wrap(ex)));
			}
		}
	}

	/**
	 * Run the function in this promise's scope: {@code before}, the function, the
	 * completion it returns ({@code promiseResolve}), {@code after}, then {@code destroy}
	 * if the promise is settled, then its reactions.
	 */
	private void runInScope(Body body, Object input) {
		PromiseResource promise = this.promise;
		if (this.outcome != null || !promise.startRun()) {
			return; // completed (cancelled) before its function ran: the JDK skips it too
		}
		ThreadState state = ThreadState.current();
		Object result;
		try {
			int depth = PromiseResource.OWNED.enter(promise, state);
			try {
				Object outcome;
				try {
					outcome = body.compute(input);
				}
				catch (Throwable ex) {
					outcome = new Failure(wrap(ex));
				}
				result = (outcome instanceof Follow) ? outcome : (Object) resolve(outcome);
			}
			finally {
				PromiseResource.OWNED.exit(promise, state, depth);
			}
		}
		finally {
			promise.endRun(state);
		}
		if (result instanceof Follow follow) {
			follow(follow.stage);
		}
		else if (Boolean.TRUE.equals(result)) {
			fire();
		}
	}

	/**
	 * Complete this promise as the stage returned by its function completes.
	 */
	private void follow(@Nullable CompletionStage<?> stage) {
		try {
			listen(completable(Objects.requireNonNull(stage)), this::relay);
		}
		catch (Throwable ex) {
			settle(new Failure(wrap(ex)));
		}
	}

	// Completing

	private void relay(Object outcome) {
		settle(relayed(outcome));
	}

	/**
	 * Complete from a reaction: the reactions of this promise run when the reaction
	 * running now has returned.
	 */
	private void settle(Object outcome) {
		if (resolve(outcome)) {
			fire();
		}
	}

	/**
	 * Complete from outside: the reactions of this promise, and the ones they complete in
	 * turn, run before this returns.
	 * @return whether this call completed the {@code CompletableFuture}
	 */
	private boolean completeNow(Object outcome) {
		if (!claim(outcome)) {
			return false;
		}
		boolean completed = publish(outcome);
		fireNow();
		return completed;
	}

	private boolean resolve(Object outcome) {
		if (!claim(outcome)) {
			return false;
		}
		publish(outcome);
		return true;
	}

	/**
	 * The one winner of all completions delivers {@code promiseResolve} before the
	 * completion becomes visible, so it comes before anything that depends on this
	 * future, including JDK stages of plain futures and threads blocked in {@code get()};
	 * then {@code destroy}, unless the promise's function is still running.
	 */
	private boolean claim(Object outcome) {
		if (!OUTCOME.compareAndSet(this, null, outcome)) {
			return false;
		}
		this.promise.resolved();
		return true;
	}

	private boolean publish(Object outcome) {
		boolean completed = (outcome instanceof Failure failure) ? super.completeExceptionally(failure.ex)
				: super.complete(value(outcome));
		if (!completed) {
			// obtruded meanwhile, or completed by the JDK itself (see
			// newIncompleteFuture)
			OUTCOME.setVolatile(this, completedOutcome());
		}
		return completed;
	}

	private void obtrude(Object outcome) {
		Object previous = OUTCOME.getAndSet(this, outcome);
		if (previous == null) {
			this.promise.resolved();
		}
		if (outcome instanceof Failure failure) {
			super.obtrudeException(failure.ex);
		}
		else {
			super.obtrudeValue(value(outcome));
		}
		if (previous == null) {
			fireNow();
		}
	}

	/**
	 * Whether this promise is complete, as far as its dependents know.
	 */
	final boolean isSettled() {
		return this.outcome != null;
	}

	private void arrangeTimeout(long timeout, TimeUnit unit, Runnable onTimeout) {
		if (this.outcome == null) {
			ScheduledFuture<?> timer = Delayer.delay(() -> {
				if (!isDone()) {
					onTimeout.run();
				}
			}, timeout, unit);
			whenDone((outcome) -> timer.cancel(false));
		}
	}

	/**
	 * Completion by JDK code ({@code CompletableFuture.anyOf(this)}, a plain future's
	 * {@code applyToEither(this, fn)}) bypasses the public methods: a JDK stage, which
	 * fires however the future completes, adopts it.
	 */
	private void watchCompletableFutureCompletion() {
		Object internal = AgentPromises.startInternal();
		CompletableFuture<Void> completion;
		try {
			completion = CompletableFuture.allOf(this);
		}
		finally {
			AgentPromises.endInternal(internal);
		}
		completion.whenComplete((ignored, ex) -> adopt());
	}

	private void adopt() {
		if (this.outcome == null && super.isDone() && claim(completedOutcome())) {
			fireNow();
		}
	}

	/**
	 * The outcome as the {@code CompletableFuture} holds it, once complete. There is no
	 * accessor for the stored exception before JDK 19, but {@code join()} throws a stored
	 * {@code CompletionException} itself and wraps any other exception in a new one.
	 */
	private Object completedOutcome() {
		try {
			return encode(super.join());
		}
		catch (CancellationException ex) {
			// JDK 23+ throws a new CancellationException caused by the stored one
			return new Failure((ex.getCause() instanceof CancellationException cause) ? cause : ex);
		}
		catch (CompletionException ex) {
			try {
				super.join();
			}
			catch (CompletionException again) {
				if (again == ex || ex.getCause() == null) {
					return new Failure(ex);
				}
			}
			return new Failure(ex.getCause());
		}
	}

	// Reactions

	/**
	 * Run {@code reaction} with the outcome of this future once it is complete: at once
	 * on this thread if it is, else on the thread that completes it.
	 */
	final void whenDone(Reaction reaction) {
		if (this.outcome == null && super.isDone()) {
			adopt();
		}
		if (!ReactionStack.push(this, reaction)) {
			reaction.react(completedOutcomeField());
		}
	}

	private Object completedOutcomeField() {
		Object outcome = this.outcome;
		if (outcome == null) {
			throw new IllegalStateException("Reactions of " + this + " taken before it was completed");
		}
		return outcome;
	}

	/** Run the reactions now, and the ones they complete, before returning. */
	private void fireNow() {
		ReactionStack.Node head = ReactionStack.take(this);
		if (head != null) {
			Trampoline.drain(this, head);
		}
	}

	/** Run the reactions once the reaction running on this thread has returned. */
	private void fire() {
		ReactionStack.Node head = ReactionStack.take(this);
		if (head != null) {
			Trampoline.schedule(this, head);
		}
	}

	/** Run reactions taken from this future's stack (for {@link Trampoline}). */
	final void runReactions(ReactionStack.Node head) {
		ReactionStack.runInOrder(head, completedOutcomeField());
	}

	/**
	 * Run {@code reaction} when {@code source} completes: a tracked future through its
	 * own reactions, any other through a {@code whenComplete} stage.
	 */
	private static void listen(CompletableFuture<?> source, Reaction reaction) {
		if (source instanceof TrackedCompletableFuture<?> tracked) {
			tracked.whenDone(reaction);
		}
		else {
			source.whenComplete((value, ex) -> Trampoline.drain(() -> reaction.react(outcomeOf(value, ex))));
		}
	}

	private static boolean isDone(CompletableFuture<?> future) {
		return (future instanceof TrackedCompletableFuture<?> tracked) ? tracked.outcome != null : future.isDone();
	}

	/** The JDK calls {@code toCompletableFuture()} on the stages it is given. */
	private static <U> CompletableFuture<U> completable(CompletionStage<U> stage) {
		if (stage instanceof TrackedCompletableFuture<U> tracked) {
			return tracked; // a minimal stage would make a copy
		}
		CompletableFuture<U> future = stage.toCompletableFuture();
		if (future == null) {
			throw new NullPointerException(stage + ".toCompletableFuture() returned null");
		}
		return future;
	}

	private static <U> TrackedCompletableFuture<U> resolved(TrackedCompletableFuture<U> future, Object outcome) {
		future.settle(outcome);
		return future;
	}

	private static CompletableFuture<?>[] requireNoNullElements(CompletableFuture<?>[] cfs) {
		Objects.requireNonNull(cfs, "'cfs' must not be null");
		for (CompletableFuture<?> cf : cfs) {
			Objects.requireNonNull(cf, "'cfs' must not contain null");
		}
		return cfs.clone();
	}

	// Argument checks and adapters

	// the user's function identifies where the stage made next is created
	private static <F> F requireFunction(F fn) {
		ENGINE.nextSiteKey(Objects.requireNonNull(fn, "'fn' must not be null"));
		return fn;
	}

	// runAfterEither ignores the values, so the other stage's type does not matter
	@SuppressWarnings("unchecked")
	private static <V> CompletionStage<V> anyValue(CompletionStage<?> stage) {
		return (CompletionStage<V>) stage;
	}

	private static Executor requireExecutor(Executor executor) {
		return Objects.requireNonNull(executor, "'executor' must not be null");
	}

	private static <V> Function<V, @Nullable Void> asFunction(Consumer<? super V> action) {
		ENGINE.nextSiteKey(Objects.requireNonNull(action, "'action' must not be null"));
		return (value) -> {
			action.accept(value);
			return null;
		};
	}

	private static <V> Function<V, @Nullable Void> asFunction(Runnable action) {
		ENGINE.nextSiteKey(Objects.requireNonNull(action, "'action' must not be null"));
		return (value) -> {
			action.run();
			return null;
		};
	}

	private static <V, U> BiFunction<V, U, @Nullable Void> asFunction(BiConsumer<? super V, ? super U> action) {
		ENGINE.nextSiteKey(Objects.requireNonNull(action, "'action' must not be null"));
		return (value, other) -> {
			action.accept(value, other);
			return null;
		};
	}

	private static <V, U> BiFunction<V, U, @Nullable Void> asBiFunction(Runnable action) {
		ENGINE.nextSiteKey(Objects.requireNonNull(action, "'action' must not be null"));
		return (value, other) -> {
			action.run();
			return null;
		};
	}

	private static Supplier<@Nullable Void> asSupplier(Runnable action) {
		return () -> {
			action.run();
			return null;
		};
	}

	/**
	 * The {@code PROMISE} resource of this future: an inner class, as its enclosing
	 * future is set before the {@code AsyncResource} constructor runs, so
	 * {@link #initializing()} can reach it.
	 */
	private final class TrackedPromise extends PromiseResource {

		TrackedPromise(long triggerAsyncId) {
			super(triggerAsyncId, TrackedCompletableFuture.this);
		}

		@Override
		protected void initializing() {
			TrackedCompletableFuture.this.initializing = this;
		}

	}

	/** A promise's function, given its source's outcome (or {@code NIL}). */
	@FunctionalInterface
	private interface Body {

		Object compute(Object input);

	}

	/**
	 * The reaction of a {@code thenApply}-like stage, the most common one: one object is
	 * its node on the source's stack, the reaction and the body its promise runs.
	 */
	private static final class Apply<T, V> extends ReactionStack.Node implements Reaction, Body {

		private final TrackedCompletableFuture<V> dependent;

		private final @Nullable Executor executor;

		private final Function<? super T, ? extends V> fn;

		Apply(TrackedCompletableFuture<V> dependent, @Nullable Executor executor, Function<? super T, ? extends V> fn) {
			this.dependent = dependent;
			this.executor = executor;
			this.fn = fn;
		}

		@Override
		public void react(Object outcome) {
			if (outcome instanceof Failure) {
				this.dependent.relay(outcome);
			}
			else {
				this.dependent.run(this.executor, this, outcome);
			}
		}

		@Override
		public Object compute(Object input) {
			return encode(this.fn.apply(value(input)));
		}

	}

	/** The arrivals of the two sources of a {@code thenCombine}-like stage. */
	private static final class Both {

		private final AtomicInteger pending = new AtomicInteger(2);

		@Nullable Object first;

		@Nullable Object second;

		void arrived(Runnable whenBoth) {
			if (this.pending.decrementAndGet() == 0) {
				whenBoth.run();
			}
		}

	}

}
