package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import dev.asynchooks.internal.TaskAccess;
import org.jspecify.annotations.Nullable;

/**
 * What the advice in the JDK's executors calls: the core's tasks, made through
 * {@link TaskAccess}. Public because the advice is inlined into the JDK's classes; not
 * API.
 * <p>
 * A task of the core (from {@code AsyncExecutors.wrap}, the starter's decorator, or
 * {@code AsyncTasks}) passes through unchanged: one resource per task.
 */
public final class ExecutorTasks {

	private static final TaskAccess tasks = TaskAccess.get();

	// ExecutorCompletionService (invokeAny) queues the future of newTaskFor, a task
	// already, inside one of these
	private static final @Nullable Class<?> queueingFuture = find(
			"java.util.concurrent.ExecutorCompletionService$QueueingFuture");

	private ExecutorTasks() {
	}

	private static @Nullable Class<?> find(String name) {
		try {
			return Class.forName(name, false, null);
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	/**
	 * The runnable {@code ThreadPoolExecutor.execute} queues.
	 * @param command what the caller gave
	 * @return an {@code EXECUTOR_TASK} for it, or {@code command} if it is a resource
	 * already
	 */
	public static @Nullable Runnable execute(@Nullable Runnable command) {
		if (command == null || tasks.isTask(command) || command.getClass() == queueingFuture) {
			return command;
		}
		return tasks.executorTask(command);
	}

	/**
	 * The future {@code submit} (and {@code invokeAll}/{@code invokeAny}) of a
	 * {@code ThreadPoolExecutor} queues and returns.
	 * @param executor the executor
	 * @param task the user's function
	 * @param future the executor's future
	 * @return an {@code EXECUTOR_TASK} forwarding to it, or {@code future}
	 */
	public static RunnableFuture<?> submit(Object executor, Object task, RunnableFuture<?> future) {
		if (!(executor instanceof ThreadPoolExecutor) || executor instanceof ScheduledThreadPoolExecutor
				|| tasks.isTask(task) || tasks.isTask(future)) {
			return future;
		}
		return tasks.submittedTask(future, task);
	}

	/**
	 * A task the executor rejects: destroyed now (on the submitting thread), and the
	 * rejection handler gets what the application gave.
	 * @param command the queued task
	 * @return what the application gave
	 */
	public static Runnable rejected(Runnable command) {
		return (Runnable) tasks.dropped(command);
	}

	/**
	 * The tasks {@code shutdownNow()} drained: destroyed now, and the list holds what the
	 * application gave.
	 * @param dropped the drained tasks, changed in place
	 */
	public static void dropped(List<Runnable> dropped) {
		dropped.replaceAll((task) -> (Runnable) tasks.dropped(task));
	}

}
