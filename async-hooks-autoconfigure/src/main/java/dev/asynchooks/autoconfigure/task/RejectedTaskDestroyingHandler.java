package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

import dev.asynchooks.concurrent.AsyncTasks;

/**
 * A {@link RejectedExecutionHandler} that cancels the task its delegate rejects by
 * throwing (the default {@code AbortPolicy}), when it is a task of the core: a task
 * cancelled before it runs is destroyed inside the cancel, so a rejected task leaves no
 * live resource behind. Tasks the delegate runs or requeues are left alone.
 */
final class RejectedTaskDestroyingHandler implements RejectedExecutionHandler {

	private final RejectedExecutionHandler delegate;

	RejectedTaskDestroyingHandler(RejectedExecutionHandler delegate) {
		this.delegate = delegate;
	}

	@Override
	public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
		try {
			this.delegate.rejectedExecution(task, executor);
		}
		catch (RuntimeException | Error ex) {
			if (task instanceof Future<?> future && AsyncTasks.isTask(task)) {
				future.cancel(false);
			}
			throw ex;
		}
	}

	static void apply(ThreadPoolExecutor executor) {
		RejectedExecutionHandler handler = executor.getRejectedExecutionHandler();
		if (!(handler instanceof RejectedTaskDestroyingHandler)) {
			executor.setRejectedExecutionHandler(new RejectedTaskDestroyingHandler(handler));
		}
	}

}
