package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * Makes each runnable an executor is about to queue an asynchronous resource, for
 * extension points that see the runnable and nothing else: Spring's
 * {@code TaskDecorator}, a {@code ScheduledThreadPoolExecutor}'s {@code decorateTask}, a
 * schedule hook. It is immutable and thread-safe; {@link #wrap(Runnable)} is the whole
 * integration:
 *
 * <pre>{@code
 * TaskDecorator decorator = AsyncTasks.wrapper()::wrap;
 * }</pre>
 *
 * {@link #wrap(Runnable)} decides, on the thread that hands the runnable to the executor
 * (so {@code init} is delivered there and the task carries that thread's context):
 * <ol>
 * <li>a task of this package ({@link AsyncTasks#isTask(Object)}) is returned as it is:
 * wrapping is idempotent;</li>
 * <li>while a {@link DeferredTask} or a {@link Timeout} hands its work over on this
 * thread ({@link DeferredTask#submit}, {@link Timeout#schedule}), the runnable is that
 * task's run (the first runnable only);</li>
 * <li>a delayed or periodic {@link RunnableScheduledFuture} (what a
 * {@code ScheduledThreadPoolExecutor} queues) becomes a {@value ResourceTypes#TIMEOUT}
 * ({@link AsyncTasks#timeout(RunnableScheduledFuture)});</li>
 * <li>any other runnable becomes a one-shot {@value ResourceTypes#EXECUTOR_TASK}: a
 * {@link RunnableFuture} that runs it once in its scope, destroyed after the run, or
 * inside a successful {@code cancel} (an executor cancels the futures it drops at
 * shutdown). A runnable that is a {@link RunnableFuture} itself (the {@code FutureTask}
 * of {@code submit}) is the future the task forwards to; what any other runnable throws
 * leaves the task's {@code run()} after {@code after} and {@code destroy}, as it would
 * unwrapped.</li>
 * </ol>
 * Either kind of new resource can be turned off ({@link #withExecutorTasks(boolean)},
 * {@link #withScheduledTasks(boolean)}): such runnables are then returned as they are.
 *
 * @since 0.1.0
 */
public final class TaskWrapper {

	static final TaskWrapper DEFAULT = new TaskWrapper(true, true, null);

	private final boolean executorTasks;

	private final boolean scheduledTasks;

	private final @Nullable Function<? super Runnable, @Nullable String> description;

	private TaskWrapper(boolean executorTasks, boolean scheduledTasks,
			@Nullable Function<? super Runnable, @Nullable String> description) {
		this.executorTasks = executorTasks;
		this.scheduledTasks = scheduledTasks;
		this.description = description;
	}

	/**
	 * A wrapper that makes (or not) runnables to run at once
	 * {@value ResourceTypes#EXECUTOR_TASK}s.
	 * @param enabled whether they become resources
	 * @return a wrapper with that setting
	 */
	public TaskWrapper withExecutorTasks(boolean enabled) {
		return new TaskWrapper(enabled, this.scheduledTasks, this.description);
	}

	/**
	 * A wrapper that makes (or not) delayed and periodic tasks
	 * {@value ResourceTypes#TIMEOUT}s.
	 * @param enabled whether they become resources
	 * @return a wrapper with that setting
	 */
	public TaskWrapper withScheduledTasks(boolean enabled) {
		return new TaskWrapper(this.executorTasks, enabled, this.description);
	}

	/**
	 * A wrapper whose executor tasks describe themselves to the live-resource tree
	 * ({@link DescribedResource}) by the runnable they were made for.
	 * @param description the description of a runnable, called when a tree is rendered
	 * (never when the task is wrapped); it must be cheap, thread-safe and must not throw
	 * @return a wrapper with that setting
	 * @throws NullPointerException if {@code description} is {@code null}
	 */
	public TaskWrapper withDescriptions(Function<? super Runnable, @Nullable String> description) {
		Objects.requireNonNull(description, "'description' must not be null");
		return new TaskWrapper(this.executorTasks, this.scheduledTasks, description);
	}

	/**
	 * The runnable to hand to the executor in place of {@code task}.
	 * @param task the runnable the executor is about to queue
	 * @return the task to queue instead, or {@code task} itself
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public Runnable wrap(Runnable task) {
		Objects.requireNonNull(task, "'task' must not be null");
		if (AsyncTasks.isTask(task)) {
			return task;
		}
		Runnable run = HandOver.claim(task);
		if (run != null) {
			return run;
		}
		if (task instanceof RunnableScheduledFuture<?> scheduled
				&& (scheduled.isPeriodic() || scheduled.getDelay(TimeUnit.NANOSECONDS) > 0)) {
			return this.scheduledTasks ? new TrackedScheduledTask<>(scheduled) : task;
		}
		if (!this.executorTasks) {
			return task;
		}
		RunnableFuture<?> future = (task instanceof RunnableFuture<?> runnableFuture) ? runnableFuture
				: new RethrowingFutureTask(task);
		Function<? super Runnable, @Nullable String> description = this.description;
		return (description != null) ? new DescribedFutureTask<>(future, task, description)
				: new TrackedFutureTask<>(future, task, null);
	}

	@Override
	public String toString() {
		return "TaskWrapper[executorTasks=" + this.executorTasks + ", scheduledTasks=" + this.scheduledTasks + "]";
	}

}
