package dev.asynchooks.agent;

import java.util.concurrent.RunnableScheduledFuture;

import dev.asynchooks.internal.TaskAccess;

/**
 * What the advice in {@code ScheduledThreadPoolExecutor} calls. Public because the advice
 * is inlined into the JDK's class; not API.
 * <p>
 * {@code execute} and {@code submit} queue their task through {@code schedule(task, 0,
 * unit)}; while they run on a thread, the task {@code decorateTask} sees there is theirs:
 * an {@code EXECUTOR_TASK}. Every other task is a {@code Timeout}.
 */
public final class ScheduledTasks {

	/** No zero-delay call under way: {@code schedule*}. */
	public static final int SCHEDULE = 0;

	/** {@code execute}: the resource is the runnable. */
	public static final int EXECUTE = 1;

	/** {@code submit}: the resource is the returned future. */
	public static final int SUBMIT = 2;

	private static final TaskAccess tasks = TaskAccess.get();

	private static final ThreadLocal<Integer> call = ThreadLocal.withInitial(() -> SCHEDULE);

	private ScheduledTasks() {
	}

	/**
	 * A zero-delay call starts on this thread.
	 * @param kind {@link #EXECUTE} or {@link #SUBMIT}
	 * @return the kind in force before, for {@link #exit(int)}
	 */
	public static int enter(int kind) {
		int previous = call.get();
		if (previous == SCHEDULE) {
			// the outermost call decides (submit(Runnable) calls schedule, never execute)
			call.set(kind);
		}
		return previous;
	}

	/**
	 * The zero-delay call returns.
	 * @param previous what {@link #enter(int)} returned
	 */
	public static void exit(int previous) {
		if (previous == SCHEDULE) {
			call.set(SCHEDULE);
		}
	}

	/**
	 * The task {@code decorateTask} returns, to queue and to hand to the caller.
	 * @param task what the caller gave (a runnable or callable)
	 * @param queued the executor's task
	 * @return a resource forwarding to it, or {@code queued} when one of them is a task
	 * of the core already
	 */
	public static RunnableScheduledFuture<?> decorate(Object task, RunnableScheduledFuture<?> queued) {
		if (queued == null || tasks.isTask(task) || tasks.isTask(queued)) {
			return queued;
		}
		return switch (call.get()) {
			case EXECUTE -> tasks.scheduledExecutorTask(queued, task);
			case SUBMIT -> tasks.scheduledExecutorTask(queued, null);
			default -> tasks.timeout(queued);
		};
	}

}
