package dev.asynchooks.agent;

import java.util.Map;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;

import dev.asynchooks.internal.TaskAccess;
import org.jspecify.annotations.Nullable;

/**
 * What the advice in {@code java.util.Timer} calls. Public because the advice is inlined
 * into the JDK's classes; not API.
 * <p>
 * A {@code TimerTask} is the application's own object, which the timer runs and the
 * application cancels: it cannot be wrapped, so its {@code Timeout} is kept beside it,
 * from {@code schedule} until it ends.
 */
public final class TimerTasks {

	private static final TaskAccess tasks = TaskAccess.get();

	private static final Map<TimerTask, Timed> timeouts = new ConcurrentHashMap<>();

	private TimerTasks() {
	}

	/**
	 * A timer task is being scheduled: its {@code Timeout} is created now.
	 * @param task the timer task
	 * @param once whether it runs once
	 * @return the timeout, or {@code null} when the task has one already (the timer
	 * refuses to schedule it again)
	 */
	public static @Nullable Object scheduling(TimerTask task, boolean once) {
		if (timeouts.containsKey(task)) {
			return null;
		}
		Timed timed = new Timed(tasks.timerTask(task, once), once);
		timeouts.put(task, timed);
		return timed;
	}

	/**
	 * The timer refused the task: its timeout, if it made one, ends now.
	 * @param task the timer task
	 * @param timed what {@link #scheduling} returned
	 */
	public static void notScheduled(TimerTask task, @Nullable Object timed) {
		if (timed != null && timeouts.remove(task, timed)) {
			tasks.end(((Timed) timed).timeout);
		}
	}

	/**
	 * The timer's thread runs a task (in place of {@code task.run()}).
	 * @param task the timer task
	 */
	public static void run(TimerTask task) {
		Timed timed = timeouts.get(task);
		if (timed == null) {
			task.run();
			return;
		}
		try {
			timed.timeout.run();
		}
		finally {
			if (timed.once) {
				timeouts.remove(task, timed);
			}
		}
	}

	/**
	 * A task was cancelled, or dropped by its timer: its timeout ends now (after its run,
	 * if it runs).
	 * @param task the timer task
	 */
	public static void cancelled(@Nullable TimerTask task) {
		if (task == null) {
			return;
		}
		Timed timed = timeouts.remove(task);
		if (timed != null) {
			tasks.end(timed.timeout);
		}
	}

	private record Timed(Runnable timeout, boolean once) {
	}

}
