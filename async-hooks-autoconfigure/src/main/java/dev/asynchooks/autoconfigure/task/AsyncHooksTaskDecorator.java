package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.live.CreationSites;

import org.springframework.core.task.TaskDecorator;

/**
 * {@link TaskDecorator} that makes each task an asynchronous resource, created when the
 * task is submitted (on the submitting thread) and run in its scope: a task handed to an
 * executor is an {@code EXECUTOR_TASK}, run once and destroyed after; a delayed or
 * periodic task given straight to the {@code ScheduledExecutorService} of a
 * {@code ThreadPoolTaskScheduler} is a {@code Timeout} with a
 * {@code before}/{@code after} pair per run. Runs of a task registered with a scheduler
 * bean (see {@link TaskSchedulerBeanPostProcessor}) and the task that runs an
 * {@code @Async} method are passed through: the registration is its own {@code Timeout}
 * and the invocation its own {@code ASYNC_METHOD} resource.
 * <p>
 * Spring Boot composes every {@code TaskDecorator} bean into the auto-configured
 * {@code applicationTaskExecutor} and {@code taskScheduler}; this one is unordered, so it
 * wraps the others and they run in the task's context.
 *
 * @since 0.1.0
 */
public class AsyncHooksTaskDecorator implements TaskDecorator {

	private final boolean executorTasks;

	private final boolean scheduledTasks;

	/**
	 * Create a decorator for executor and scheduler tasks.
	 */
	public AsyncHooksTaskDecorator() {
		this(true, true);
	}

	/**
	 * Create a decorator.
	 * @param executorTasks whether tasks run at once become {@code EXECUTOR_TASK}
	 * resources
	 * @param scheduledTasks whether delayed and periodic tasks become {@code Timeout}
	 * resources
	 */
	public AsyncHooksTaskDecorator(boolean executorTasks, boolean scheduledTasks) {
		this.executorTasks = executorTasks;
		this.scheduledTasks = scheduledTasks;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		AsyncMethodInvocation invocation = AsyncMethodInvocation.claimSubmission();
		if (invocation != null) {
			return (runnable instanceof RunnableFuture<?> task) ? new AsyncMethodTask(task, invocation) : runnable;
		}
		ScheduledTimeout timeout = ScheduledTimeout.claimScheduling();
		if (timeout != null) {
			// a run of a scheduler registration, which is its own Timeout
			return timeout.queuedRun(runnable);
		}
		timeout = ScheduledTimeout.handedOff(runnable);
		if (timeout != null) {
			return timeout.handedOffRun(runnable);
		}
		if (runnable instanceof ExecutorTask || runnable instanceof TimeoutTask
				|| runnable instanceof AsyncMethodTask) {
			return runnable;
		}
		if (runnable instanceof RunnableScheduledFuture<?> future
				&& (future.isPeriodic() || future.getDelay(TimeUnit.NANOSECONDS) > 0)) {
			return this.scheduledTasks ? new TimeoutTask(future) : runnable;
		}
		if (!this.executorTasks) {
			return runnable;
		}
		// the task's class identifies where it was submitted: a cached creation site
		CreationSites.nextResourceRuns(runnable);
		return new ExecutorTask(runnable);
	}

}
