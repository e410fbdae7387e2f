package dev.asynchooks.concurrent;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy;
import java.util.concurrent.ThreadPoolExecutor.DiscardOldestPolicy;
import java.util.concurrent.ThreadPoolExecutor.DiscardPolicy;

/**
 * The rejection handler of a wrapped {@link ThreadPoolExecutor} whose own handler drops
 * tasks without throwing: {@link DiscardPolicy}, {@link DiscardOldestPolicy}, and
 * {@link CallerRunsPolicy} once the executor is shut down. It does what that policy does
 * and ends the task it drops, on the submitting thread, so that the task's
 * {@code destroy} is not lost: {@code execute} returns normally and the wrapper would
 * never learn that the task will not run. Other handlers are left in place: one that
 * throws ends the task through the wrapper, and a custom one may still run the task later
 * (what it drops ends when the executor is seen terminated).
 */
final class TrackedRejectedExecutionHandler implements RejectedExecutionHandler {

	private final RejectedExecutionHandler handler;

	private TrackedRejectedExecutionHandler(RejectedExecutionHandler handler) {
		this.handler = handler;
	}

	/**
	 * Put this handler around the executor's own, if that one drops tasks silently.
	 * @param executor the executor being wrapped
	 */
	static void install(ThreadPoolExecutor executor) {
		RejectedExecutionHandler handler = executor.getRejectedExecutionHandler();
		Class<?> policy = handler.getClass();
		if (policy == DiscardPolicy.class || policy == DiscardOldestPolicy.class || policy == CallerRunsPolicy.class) {
			executor.setRejectedExecutionHandler(new TrackedRejectedExecutionHandler(handler));
		}
	}

	@Override
	public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
		if (this.handler instanceof DiscardOldestPolicy) {
			// as DiscardOldestPolicy, holding on to the task it drops
			if (!executor.isShutdown()) {
				end(executor.getQueue().poll());
				executor.execute(task);
				return;
			}
		}
		else {
			this.handler.rejectedExecution(task, executor);
		}
		// dropped; or run by CallerRunsPolicy, which ended it already
		end(task);
	}

	private static void end(Runnable task) {
		if (task instanceof TrackedTask tracked) {
			tracked.end();
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.handler + "]";
	}

}
