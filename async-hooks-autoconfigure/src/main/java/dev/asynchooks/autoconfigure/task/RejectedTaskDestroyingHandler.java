package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * A {@link RejectedExecutionHandler} that destroys the resource of a task its delegate
 * rejects by throwing (the default {@code AbortPolicy}), so that a rejected task leaves
 * no live resource behind. Tasks the delegate runs or requeues are left alone.
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
			if (task instanceof ExecutorTask executorTask) {
				executorTask.emitDestroy();
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
