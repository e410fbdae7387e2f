package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;

/**
 * Wrap executors so that each task handed to them is an asynchronous resource: hooks see
 * its life, and the {@link AsyncLocalStorage} stores and execution context of the code
 * that submitted it are current while it runs, on whatever thread that is.
 *
 * <pre>{@code
 * ExecutorService executor = AsyncExecutors.wrap(Executors.newFixedThreadPool(4));
 * requestId.run("req-42", () -> executor.submit(() -> log(requestId.getStore())));  // logs req-42
 * }</pre>
 *
 * <h2>Tasks: {@value ResourceTypes#EXECUTOR_TASK}</h2> Each {@code Runnable} or
 * {@code Callable} given to {@code execute}, {@code submit}, {@code invokeAll} or
 * {@code invokeAny} (also zero-delay {@code execute}/{@code submit} on a wrapped
 * scheduler) is one {@link ResourceTypes#EXECUTOR_TASK} resource:
 * <ol>
 * <li>{@code init} synchronously inside the submitting call, on the submitting thread;
 * the trigger is the submitter's {@code executionAsyncId()} (a task submitted from inside
 * a task has that task as its trigger) and the submitter's stores are captured. The
 * {@code resource} is the {@link Future} that {@code submit} returns (an
 * {@link AsyncResource}, so {@code ((AsyncResource) future).asyncId()} works); for
 * {@code execute} it is an internal wrapper of the {@code Runnable}.</li>
 * <li>{@code before} and {@code after} on the thread that runs the task, around the run:
 * in between, {@code executionAsyncId()} is the task, {@code triggerAsyncId()} its
 * trigger, the captured stores are current, and a store set with {@code enterWith} lasts
 * until the task returns. {@code after} is delivered also when the task throws.</li>
 * <li>{@code destroy} on the same thread right after {@code after}.</li>
 * </ol>
 * A pooled thread keeps nothing of a task once it returns: the next task sees only its
 * own context.
 * <p>
 * Tasks that do not run get {@code init} and {@code destroy} only:
 * <ul>
 * <li><b>cancel</b>: {@code Future.cancel} that succeeds before the task starts delivers
 * {@code destroy} inside {@code cancel}, on the cancelling thread. Cancelled while it
 * runs, the task is destroyed after that run's {@code after}, on the worker.</li>
 * <li><b>reject</b>: when the delegate throws ({@link RejectedExecutionException} from a
 * full or shut-down executor, or an {@code Error} such as the {@code OutOfMemoryError} of
 * a thread that cannot be created), {@code destroy} is delivered on the submitting thread
 * and the exception then reaches the caller unchanged. A {@link ThreadPoolExecutor} whose
 * rejection handler drops tasks without throwing ({@code DiscardPolicy},
 * {@code DiscardOldestPolicy}, {@code CallerRunsPolicy} once shut down) gets, when it is
 * wrapped, a handler that does the same and destroys the task it drops, on the submitting
 * thread, inside {@code execute}/{@code submit}.</li>
 * <li><b>shutdown</b>: {@code shutdown()} lets queued tasks run as usual.
 * {@code shutdownNow()} delivers {@code destroy} for every task the delegate returns
 * unrun, on the calling thread, before it returns; the list holds the {@code Runnable}s
 * given to {@code execute} themselves and the futures returned by {@code submit} (which
 * can still be run, without context or events). Tasks the delegate drops without
 * returning them (a {@code ForkJoinPool} cancels its queue at {@code shutdownNow()} and
 * returns an empty list) are destroyed when the wrapper sees the delegate terminated: in
 * {@code awaitTermination} or {@code isTerminated} returning {@code true}, on the calling
 * thread. For this the wrapper keeps the tasks it handed over and that have not ended,
 * while a {@code destroy} hook is enabled.</li>
 * </ul>
 * <b>Throw.</b> A task that throws gets {@code after} and {@code destroy}, then the
 * exception goes where it would go unwrapped: into the future ({@code get} throws
 * {@code ExecutionException}) for {@code submit}, to the worker thread's
 * uncaught-exception handler for {@code execute} on a thread pool.
 * <p>
 * {@code invokeAll}/{@code invokeAny} run through the delegate's own implementation with
 * each {@code Callable} wrapped; tasks the delegate cancelled before they started (a
 * timeout, a rejection, the losers of {@code invokeAny}) are destroyed on the calling
 * thread before the call returns. A worker that calls such a task anyway (it was starting
 * as the delegate cancelled it) does not run its {@code Callable}: the delegate discards
 * its outcome, and it would run outside its resource.
 *
 * <h2>Scheduled tasks: {@value ResourceTypes#TIMEOUT}</h2> Each {@code schedule},
 * {@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay} is one
 * {@link ResourceTypes#TIMEOUT} resource for all its runs, as Node's {@code setTimeout}
 * and {@code setInterval}. {@code init} is delivered on the scheduling thread and the
 * returned {@link java.util.concurrent.ScheduledFuture} is the {@code resource}; it
 * behaves as the delegate's ({@code getDelay}, {@code compareTo}, {@code cancel},
 * {@code get}). {@code before}/{@code after} surround every run, periodic runs included
 * (each run sees the context of the code that scheduled the task, unlike the executor
 * instrumentation of some tracing libraries). {@code destroy} is delivered once:
 * <ul>
 * <li>after the run of a one-shot task, on the worker;</li>
 * <li>on a successful {@code cancel}: inside it, on the cancelling thread, or after the
 * current run's {@code after} if the task is running;</li>
 * <li>when a periodic run throws (the executor runs it no more), after that run's
 * {@code after}; {@code get} then throws {@code ExecutionException};</li>
 * <li>when the executor drops the task at shutdown, on the thread calling
 * {@code shutdown()}/{@code shutdownNow()} (after the current run if it is running):
 * periodic tasks at {@code shutdown()} and delayed ones too when the
 * {@link ScheduledThreadPoolExecutor} is set not to run them after shutdown (its policies
 * decide; behind another scheduler, such as a view of one, a task whose future the
 * scheduler cancelled), every task not yet run at {@code shutdownNow()}; what is left
 * when the scheduler is seen terminated.</li>
 * </ul>
 *
 * <h2>Costs and limits</h2> With no hook enabled, a task costs one object more than it
 * does on the raw executor (the resource that wraps it) and no dispatch; a wrapped
 * scheduler also adds an entry to its set of live tasks. Wrapping is idempotent and works
 * around any executor, virtual-thread executors included. Hooks are called on the threads
 * named above, so they must be thread-safe ({@link HookCallbacks}).
 * <p>
 * While a {@code destroy} hook is enabled, each task handed to a wrapped
 * {@code ExecutorService} also joins and leaves the wrapper's set of live tasks (one
 * small node, striped locks; the wrapped scheduler keeps its tasks in one always). A task
 * that the delegate drops without telling anyone gets its {@code destroy} late or never:
 * a custom rejection handler that drops it, or a {@code ForkJoinPool} shut down now, only
 * when the wrapper sees the delegate terminated; a plain {@code Executor} (no lifecycle)
 * whose custom handler drops it, never. Shut executors down through their wrapper.
 *
 * @since 0.1.0
 */
public final class AsyncExecutors {

	private AsyncExecutors() {
	}

	/**
	 * Wrap an executor so that each task given to {@code execute} is an
	 * {@code EXECUTOR_TASK} resource. An {@link ExecutorService} or
	 * {@link ScheduledExecutorService} is wrapped as one (see
	 * {@link #wrap(ExecutorService)}), so the result can be cast back to its interface.
	 * @param executor the executor to wrap
	 * @return the wrapper, or {@code executor} itself if it is one already
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static Executor wrap(Executor executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		if (executor instanceof TrackedExecutor) {
			return executor;
		}
		if (executor instanceof ScheduledExecutorService scheduled) {
			return new TrackedScheduledExecutorService(scheduled);
		}
		if (executor instanceof ExecutorService service) {
			return new TrackedExecutorService<>(service);
		}
		return new TrackedExecutor<>(executor);
	}

	/**
	 * Wrap an executor service so that each task given to {@code execute},
	 * {@code submit}, {@code invokeAll} and {@code invokeAny} is an {@code EXECUTOR_TASK}
	 * resource. Lifecycle methods ({@code shutdown}, {@code awaitTermination}, ...) act
	 * on {@code executor}; {@code shutdownNow} destroys the tasks it returns. A
	 * {@link ScheduledExecutorService} is wrapped as one (see
	 * {@link #wrap(ScheduledExecutorService)}).
	 * @param executor the executor to wrap
	 * @return the wrapper, or {@code executor} itself if it is one already
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static ExecutorService wrap(ExecutorService executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		if (executor instanceof TrackedExecutorService) {
			return executor;
		}
		if (executor instanceof ScheduledExecutorService scheduled) {
			return new TrackedScheduledExecutorService(scheduled);
		}
		return new TrackedExecutorService<>(executor);
	}

	/**
	 * Wrap a scheduler so that each delayed or periodic task is a {@code Timeout}
	 * resource (one per task, with {@code before}/{@code after} around every run) and
	 * each task given to {@code execute}, {@code submit}, {@code invokeAll} and
	 * {@code invokeAny} is an {@code EXECUTOR_TASK} resource. The wrapper keeps the tasks
	 * that have not ended, to destroy those that {@code shutdown()}/{@code shutdownNow()}
	 * drop; shut it down through the wrapper.
	 * @param executor the scheduler to wrap
	 * @return the wrapper, or {@code executor} itself if it is one already
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		if (executor instanceof TrackedScheduledExecutorService) {
			return executor;
		}
		return new TrackedScheduledExecutorService(executor);
	}

	/**
	 * The executor behind a wrapper, for code that needs the raw one (metrics binders,
	 * {@code ThreadPoolExecutor} introspection). Tasks handed to it directly are not
	 * tracked.
	 * @param executor a wrapper made by {@code wrap}, or any executor
	 * @return the wrapped executor, or {@code executor} itself if it is no wrapper
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static Executor unwrap(Executor executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		return (executor instanceof TrackedExecutor<?> tracked) ? tracked.getDelegate() : executor;
	}

	/**
	 * The executor service behind a wrapper.
	 * @param executor a wrapper made by {@code wrap}, or any executor service
	 * @return the wrapped executor service, or {@code executor} itself if it is no
	 * wrapper
	 * @throws NullPointerException if {@code executor} is {@code null}
	 * @see #unwrap(Executor)
	 */
	public static ExecutorService unwrap(ExecutorService executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		return (executor instanceof TrackedExecutorService<?> tracked) ? tracked.getDelegate() : executor;
	}

	/**
	 * The scheduler behind a wrapper.
	 * @param executor a wrapper made by {@code wrap}, or any scheduler
	 * @return the wrapped scheduler, or {@code executor} itself if it is no wrapper
	 * @throws NullPointerException if {@code executor} is {@code null}
	 * @see #unwrap(Executor)
	 */
	public static ScheduledExecutorService unwrap(ScheduledExecutorService executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		return (executor instanceof TrackedScheduledExecutorService tracked) ? tracked.getDelegate() : executor;
	}

	/**
	 * Whether an executor is a wrapper made by {@code wrap}.
	 * @param executor any executor
	 * @return {@code true} if its tasks are tracked by this class
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static boolean isWrapped(Executor executor) {
		Objects.requireNonNull(executor, "'executor' must not be null");
		return executor instanceof TrackedExecutor;
	}

}
