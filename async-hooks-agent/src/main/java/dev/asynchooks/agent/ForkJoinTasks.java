package dev.asynchooks.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.TaskAccess;
import org.jspecify.annotations.Nullable;

/**
 * What the advice in {@code ForkJoinPool} and {@code ForkJoinTask} calls. Public because
 * the advice is inlined into the JDK's classes; not API.
 * <p>
 * A {@code ForkJoinTask} is queued, stolen, joined and cancelled as itself, so it cannot
 * be wrapped: its {@code EXECUTOR_TASK} (reported as the task) is kept beside it from its
 * submission or {@code fork()} until its first {@code doExec()} returns or it is
 * cancelled. A task run directly by its caller ({@code invoke()} without a pool, the root
 * of a parallel stream) is no resource: it runs in the caller's context. A forked subtask
 * is triggered by the task that forked it and carries its context, so the stores of the
 * code that started a parallel stream reach every subtask. Tasks a pool runs for the JDK
 * (the continuations of virtual threads) are no resources.
 */
public final class ForkJoinTasks {

	private static final TaskAccess tasks = TaskAccess.get();

	private static final Map<ForkJoinTask<?>, Object> queued = new ConcurrentHashMap<>();

	// while the pool adapts a task of the core (AsyncExecutors.wrap, the starter)
	private static final ThreadLocal<Boolean> adaptingTask = ThreadLocal.withInitial(() -> Boolean.FALSE);

	private ForkJoinTasks() {
	}

	/**
	 * A runnable or callable is handed to the pool, which adapts it.
	 * @param task what the caller gave
	 * @return whether it is a task of the core, whose adapter is then no resource; give
	 * it to {@link #exitAdapted(boolean)}
	 */
	public static boolean enterAdapted(Object task) {
		if (!(task instanceof ForkJoinTask) && tasks.isTask(task)) {
			adaptingTask.set(Boolean.TRUE);
			return true;
		}
		return false;
	}

	/**
	 * The pool has queued the adapter.
	 * @param skipped what {@link #enterAdapted(Object)} returned
	 */
	public static void exitAdapted(boolean skipped) {
		if (skipped) {
			adaptingTask.set(Boolean.FALSE);
		}
	}

	/**
	 * A task is queued: its resource is created now, on the submitting thread.
	 * @param pool the pool, or {@code null} for a fork
	 * @param task the task
	 */
	public static void submitted(@Nullable ForkJoinPool pool, ForkJoinTask<?> task) {
		if (task == null || task.isDone() || adaptingTask.get() || queued.containsKey(task)
				|| (pool != null && isVirtualThreadScheduler(pool))) {
			return;
		}
		queued.put(task, tasks.task(ResourceTypes.EXECUTOR_TASK, task));
	}

	/**
	 * A task runs ({@code doExec()}).
	 * @param task the task
	 * @return the resource entered, or {@code null}
	 */
	public static @Nullable Object running(ForkJoinTask<?> task) {
		Object resource = queued.get(task);
		return (resource != null && tasks.enter(resource)) ? resource : null;
	}

	/**
	 * A task's {@code doExec()} returns.
	 * @param task the task
	 * @param resource what {@link #running} returned
	 */
	public static void ran(ForkJoinTask<?> task, @Nullable Object resource) {
		if (resource != null) {
			queued.remove(task, resource);
			tasks.exit(resource);
		}
	}

	/**
	 * A task was cancelled (by the application, or by its pool at shutdown): destroyed
	 * now, or after its run if it runs.
	 * @param task the task
	 */
	public static void cancelled(ForkJoinTask<?> task) {
		Object resource = queued.get(task);
		if (resource != null) {
			tasks.end(resource);
			queued.remove(task, resource);
		}
	}

	// the pool that mounts virtual threads: its tasks are continuations
	private static boolean isVirtualThreadScheduler(ForkJoinPool pool) {
		return pool.getFactory().getClass().getName().startsWith("java.lang.VirtualThread");
	}

}
