package dev.asynchooks.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A task that exists before the work it runs is handed to an executor (a
 * {@link DeferredTask}, a {@link Timeout}), announced on the calling thread while that
 * hand-over is under way.
 * <p>
 * Some executors wrap the work they are given in an object of their own before an
 * extension point sees it (a {@code ThreadPoolExecutor}'s {@code submit} makes a
 * {@code FutureTask}, a {@code ScheduledThreadPoolExecutor} a task whose function cannot
 * be read), so the extension point cannot tell that the work already has its resource. It
 * learns it here: while a task hands its work over, the first runnable given to
 * {@link TaskWrapper#wrap(Runnable)} on the same thread is that task's run, not a new
 * resource. The announcement is per thread, lasts only for the call that hands the work
 * over, and is answered once.
 */
final class HandOver {

	private static final ThreadLocal<@Nullable Task> announced = new ThreadLocal<>();

	private HandOver() {
	}

	/** A task that hands its work over. */
	interface Task {

		/**
		 * What runs in place of a runnable that an executor made of this task's work.
		 * @param run the executor's runnable
		 * @return the runnable to hand to the executor instead
		 */
		Runnable handedOver(Runnable run);

	}

	/**
	 * A {@link DeferredTask} that hands its work over: under the {@code -javaagent}, the
	 * first task an instrumented {@code ThreadPoolExecutor} makes on the same thread
	 * (when no {@link TaskWrapper} answered it before) is its run as well.
	 */
	interface DeferredRun extends Task {

	}

	/**
	 * Call {@code call} with {@code task} announced on this thread.
	 * @param <T> the type of the value
	 * @param task the task whose work {@code call} hands over
	 * @param call the call
	 * @return its value
	 * @throws Exception what it throws
	 */
	static <T> T during(Task task, Callable<T> call) throws Exception {
		Task previous = announced.get();
		announced.set(task);
		try {
			return call.call();
		}
		finally {
			restore(previous);
		}
	}

	/**
	 * Run {@code run} with {@code task} announced on this thread.
	 * @param task the task
	 * @param run what hands its work over
	 */
	static void during(Task task, Runnable run) {
		Task previous = announced.get();
		announced.set(task);
		try {
			run.run();
		}
		finally {
			restore(previous);
		}
	}

	/**
	 * Answer the task announced on this thread, once.
	 * @param run the runnable an executor made
	 * @return what runs in its place, or {@code null} when no task is announced
	 */
	static @Nullable Runnable claim(Runnable run) {
		Task task = announced.get();
		if (task == null) {
			return null;
		}
		announced.remove();
		return task.handedOver(run);
	}

	/**
	 * Answer a {@link DeferredRun} announced on this thread, once.
	 * @param run the runnable an executor made
	 * @return what runs in its place, or {@code null} when no deferred task is announced
	 */
	static @Nullable Runnable claimDeferred(Runnable run) {
		return (announced.get() instanceof DeferredRun) ? claim(run) : null;
	}

	/**
	 * Call code that is not part of the hand-over (the user's task, the user's trigger)
	 * with no task announced.
	 * @param <T> the type of the value
	 * @param action the code
	 * @return its value
	 */
	static <T> T outside(Supplier<T> action) {
		Task previous = announced.get();
		if (previous == null) {
			return action.get();
		}
		announced.remove();
		try {
			return action.get();
		}
		finally {
			announced.set(previous);
		}
	}

	/**
	 * Take the announcement off this thread, to put it back with {@link #restore}.
	 * @return the task announced, or {@code null}
	 */
	static @Nullable Task suspend() {
		Task previous = announced.get();
		if (previous != null) {
			announced.remove();
		}
		return previous;
	}

	/**
	 * Put back what {@link #suspend()} took.
	 * @param previous the task it answered
	 */
	static void restore(@Nullable Task previous) {
		if (previous != null) {
			announced.set(previous);
		}
		else {
			announced.remove();
		}
	}

}
