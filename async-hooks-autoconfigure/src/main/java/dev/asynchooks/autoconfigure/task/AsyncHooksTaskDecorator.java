package dev.asynchooks.autoconfigure.task;

import dev.asynchooks.concurrent.AsyncTasks;
import dev.asynchooks.concurrent.TaskWrapper;

import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;

/**
 * {@link TaskDecorator} that makes each task an asynchronous resource, created when the
 * task is submitted (on the submitting thread) and run in its scope, through the core's
 * {@link TaskWrapper}: a task handed to an executor is an {@code EXECUTOR_TASK}, run once
 * and destroyed after (or when the executor cancels it unrun at shutdown); a delayed or
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

	private final TaskWrapper wrapper;

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
		this.wrapper = AsyncTasks.wrapper()
			.withExecutorTasks(executorTasks)
			.withScheduledTasks(scheduledTasks)
			.withDescriptions(TaskDescriptions::of);
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		// a scheduler that runs each run of a registration on a thread of its own hands
		// it over inside Spring's error-handling wrapper: the registration is the
		// resource
		if (runnable instanceof DelegatingErrorHandlingRunnable
				&& AsyncTasks.isTask(TaskDescriptions.unwrap(runnable))) {
			return runnable;
		}
		return this.wrapper.wrap(runnable);
	}

}
