package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RunnableFuture;

import dev.asynchooks.AsyncHooks;
import org.jspecify.annotations.Nullable;

/**
 * A one-shot task that exists before its work is handed to an executor: the resource is
 * created by {@link #create(String, Object)}, on the calling thread (so its trigger is
 * the caller's context and it captures the caller's stores), and its one run comes later,
 * on whatever thread the executor picks. A Spring {@code @Async} method invocation is
 * one: the invocation is the resource, and the method body, with whatever the framework
 * runs around it, is its run.
 *
 * <pre>{@code
 * DeferredTask invocation = DeferredTask.create("ASYNC_METHOD", method);
 * Future<?> result = invocation.submit(() -> executor.submit(() -> invocation.call(body)));
 * }</pre>
 *
 * Its life is the one of an executor task ({@link AsyncExecutors}): one
 * {@code before}/{@code after} pair around its run, then {@code destroy} on the same
 * thread; a task that does not run is destroyed when the hand-over fails ({@link #submit}
 * throws), when the future an executor made of its work is cancelled before it runs
 * (inside {@code cancel}, on the cancelling thread), or on {@code emitDestroy()}. It is
 * never destroyed by garbage collection.
 * <p>
 * The run is claimed once: {@link #run(Runnable)} or {@link #call(Callable)} called after
 * the task has run or ended runs the work without the task's context or events, and
 * called from inside the task's own run simply runs it there.
 *
 * @since 0.1.0
 */
public final class DeferredTask extends TrackedTask {

	private DeferredTask(String type, @Nullable Object resource) {
		super(type, resource, null);
	}

	/**
	 * Create a task: {@code init} is delivered now, on the calling thread, with the
	 * current execution context as trigger.
	 * @param type the resource type, such as {@code ASYNC_METHOD}
	 * @param resource the object passed to {@code init} and returned by
	 * {@link AsyncHooks#executionAsyncResource()} during the run, or {@code null} for the
	 * task itself
	 * @return the task
	 * @throws NullPointerException if {@code type} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty
	 */
	public static DeferredTask create(String type, @Nullable Object resource) {
		return new DeferredTask(type, resource);
	}

	/**
	 * Hand the task's work over to an executor. While {@code submission} runs, the first
	 * runnable that a {@link TaskWrapper} sees on this thread (the {@code FutureTask} a
	 * {@code ThreadPoolExecutor} made of the work, as its {@code TaskDecorator} gets it)
	 * becomes this task's run instead of a resource of its own. When {@code submission}
	 * throws (the executor rejected the work), the task is destroyed and the exception
	 * reaches the caller.
	 * @param <T> the type of the value
	 * @param submission the call that hands the work over
	 * @return its value
	 * @throws Exception what {@code submission} throws
	 */
	public <T> T submit(Callable<T> submission) throws Exception {
		Objects.requireNonNull(submission, "'submission' must not be null");
		try {
			return HandOver.during((HandOver.DeferredRun) this::runOf, submission);
		}
		catch (Throwable ex) {
			end();
			throw ex;
		}
	}

	/**
	 * Hand the task's work over to an executor that returns a {@code CompletableFuture}
	 * of it (such as Spring's {@code submitCompletable}), as {@link #submit} does, for a
	 * caller that tracks that future itself (with
	 * {@link TrackedCompletableFuture#of(java.util.concurrent.CompletionStage, long)}
	 * triggered by this task). Under the {@code -javaagent}, the first future that
	 * {@code submission} constructs on this thread (the executor's future of the work) is
	 * then not a promise of its own, and the work runs in this task only; without the
	 * agent this is {@link #submit}.
	 * @param <T> the type of the value
	 * @param submission the call that hands the work over and returns the executor's
	 * future
	 * @return its value
	 * @throws Exception what {@code submission} throws
	 */
	public <T> T submitCompletable(Callable<T> submission) throws Exception {
		Objects.requireNonNull(submission, "'submission' must not be null");
		Object token = AgentPromises.startNextInternal();
		try {
			return submit(submission);
		}
		finally {
			AgentPromises.endInternal(token);
		}
	}

	/**
	 * Run the task's work: {@code before}, {@code work}, {@code after}, then
	 * {@code destroy}. What {@code work} throws leaves this method after {@code destroy}.
	 * @param work the work
	 */
	public void run(Runnable work) {
		Objects.requireNonNull(work, "'work' must not be null");
		if (isCurrent() || !startRun()) {
			work.run();
			return;
		}
		runOnce(work);
	}

	/**
	 * Call the task's work: {@code before}, {@code work}, {@code after}, then
	 * {@code destroy}.
	 * @param <T> the type of the value
	 * @param work the work
	 * @return its value
	 * @throws Exception what {@code work} throws, after {@code destroy}
	 */
	public <T> T call(Callable<T> work) throws Exception {
		Objects.requireNonNull(work, "'work' must not be null");
		if (isCurrent() || !startRun()) {
			return work.call();
		}
		return callOnce(work);
	}

	private boolean isCurrent() {
		return AsyncHooks.executionAsyncId() == asyncId();
	}

	private Runnable runOf(Runnable run) {
		return (run instanceof RunnableFuture<?> future) ? new HandedOverRun<>(this, future)
				: new HandedOverRunnable(this, run);
	}

	/**
	 * A runnable an executor was given for the task's work (not a future), as the
	 * executor is given it instead: the runnable runs as the task's one run. A task of
	 * this package ({@link AsyncTasks#isTask}), so that an instrumented executor beneath
	 * does not make it a resource of its own.
	 */
	static final class HandedOverRunnable implements Runnable {

		private final DeferredTask task;

		private final Runnable run;

		HandedOverRunnable(DeferredTask task, Runnable run) {
			this.task = task;
			this.run = run;
		}

		@Override
		public void run() {
			this.task.run(this.run);
		}

		@Override
		public String toString() {
			return this.run.toString();
		}

	}

}
