package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.TaskAccess;
import org.jspecify.annotations.Nullable;

/**
 * Tasks that are asynchronous resources, one at a time, for code that hands work to an
 * executor it does not wrap (through an extension point, or a framework's own executor).
 * {@link AsyncExecutors} wraps a whole executor; the factories here make the same tasks,
 * with the same life (see {@link AsyncExecutors} for the events and the threads they are
 * delivered on):
 * <ul>
 * <li>{@link #task(Runnable)}, {@link #task(Callable)}, {@link #task(RunnableFuture)}: a
 * one-shot {@value ResourceTypes#EXECUTOR_TASK}, a {@link RunnableFuture} to hand to any
 * executor;</li>
 * <li>{@link #timeout(RunnableScheduledFuture)}: the task a
 * {@code ScheduledThreadPoolExecutor} queues, as one {@value ResourceTypes#TIMEOUT} for
 * all its runs (for its {@code decorateTask});</li>
 * <li>{@link Timeouts}: a registration with a scheduler as one {@link Timeout};</li>
 * <li>{@link DeferredTask}: a one-shot task created before its work is handed over, such
 * as a Spring {@code @Async} invocation;</li>
 * <li>{@link #wrapper()}: a {@link TaskWrapper} for extension points that see a runnable
 * and nothing else, such as Spring's {@code TaskDecorator}.</li>
 * </ul>
 * Every task is created by the factory call, on the calling thread ({@code init} there,
 * with that thread's context as trigger), and is destroyed exactly once: after its last
 * run, or inside a successful {@code cancel} when it has not started (on the cancelling
 * thread), never between a {@code before} and its {@code after}.
 *
 * @since 0.1.0
 */
public final class AsyncTasks {

	static {
		// the -javaagent's way to the same tasks (not API)
		TaskAccess.install(new AgentTasks());
	}

	private AsyncTasks() {
	}

	/**
	 * A one-shot {@value ResourceTypes#EXECUTOR_TASK} that runs {@code task}. What
	 * {@code task} throws completes the future and also leaves {@code run()} (after
	 * {@code after} and {@code destroy}), so it reaches the worker's uncaught-exception
	 * handler as it would unwrapped.
	 * @param task the work
	 * @return the task, created now
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public static RunnableFuture<@Nullable Void> task(Runnable task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return new TrackedFutureTask<>(new RethrowingFutureTask(task), null);
	}

	/**
	 * A one-shot {@value ResourceTypes#EXECUTOR_TASK} that calls {@code task}; its value
	 * or exception completes the future.
	 * @param <V> the type of the value
	 * @param task the work
	 * @return the task, created now
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public static <V> RunnableFuture<V> task(Callable<V> task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return new TrackedFutureTask<>(new FutureTask<>(task), null);
	}

	/**
	 * A one-shot {@value ResourceTypes#EXECUTOR_TASK} that runs a future (a
	 * {@link FutureTask}) in its scope; the returned future forwards to it, and a
	 * successful {@code cancel} cancels it too.
	 * @param <V> the type of the value
	 * @param task the future to run
	 * @return the task, created now
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public static <V> RunnableFuture<V> task(RunnableFuture<V> task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return new TrackedFutureTask<>(task, null);
	}

	/**
	 * One {@value ResourceTypes#TIMEOUT} for all the runs of a task a
	 * {@code ScheduledThreadPoolExecutor} queues, for its {@code decorateTask}: a
	 * {@code before}/{@code after} pair per run; destroyed after the run after which the
	 * task is done (a one-shot task, a periodic one that threw or was cancelled during
	 * the run), or inside a successful {@code cancel} of the returned future. A task
	 * cancelled through the executor's own future only (behind this one) is destroyed
	 * when it is garbage-collected.
	 * @param <V> the type of the value
	 * @param task the executor's task
	 * @return the task to queue instead, created now
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public static <V> RunnableScheduledFuture<V> timeout(RunnableScheduledFuture<V> task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return new TrackedScheduledTask<>(task);
	}

	/**
	 * The task wrapper with its defaults: executor tasks and scheduled tasks become
	 * resources, with no description.
	 * @return the wrapper
	 */
	public static TaskWrapper wrapper() {
		return TaskWrapper.DEFAULT;
	}

	/**
	 * Whether an object is a task made by this package (an executor task, a timeout, a
	 * deferred task or its run): such a task is already a resource, and wrapping it again
	 * returns it as it is.
	 * @param task any object
	 * @return {@code true} for a task of this package
	 */
	public static boolean isTask(@Nullable Object task) {
		return task instanceof TrackedTask || task instanceof HandedOverRun
				|| task instanceof DeferredTask.HandedOverRunnable;
	}

}
