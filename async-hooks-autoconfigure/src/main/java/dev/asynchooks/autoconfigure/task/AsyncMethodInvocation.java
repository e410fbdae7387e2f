package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Method;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * One invocation of an {@code @Async} method: an {@code ASYNC_METHOD} resource created on
 * the calling thread, reported to hooks as an {@link AsyncMethod}, in which the method
 * body runs, destroyed when the body returns or when the invocation could not be
 * submitted.
 */
final class AsyncMethodInvocation extends AsyncResource {

	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	// the invocation being submitted on this thread: its task must not become an
	// EXECUTOR_TASK as well
	private static final ThreadLocal<@Nullable AsyncMethodInvocation> submitting = new ThreadLocal<>();

	private volatile boolean started;

	AsyncMethodInvocation(Method method, @Nullable Object target) {
		super(ResourceTypes.ASYNC_METHOD, OPTIONS, AsyncMethod.of(method, target));
	}

	void startSubmission() {
		submitting.set(this);
	}

	void endSubmission() {
		submitting.remove();
	}

	/**
	 * The invocation whose task is being decorated on this thread, if any; answers it
	 * once per invocation.
	 * @return the invocation, or {@code null} when the task is not an invocation's
	 */
	static @Nullable AsyncMethodInvocation claimSubmission() {
		AsyncMethodInvocation invocation = submitting.get();
		if (invocation != null) {
			submitting.remove();
		}
		return invocation;
	}

	void started() {
		this.started = true;
	}

	/**
	 * Run the task that Spring submitted for this invocation in its scope, then destroy
	 * it; the body's interceptor finds itself inside it already.
	 * @param task the task
	 */
	void run(Runnable task) {
		if (isDestroyed()) {
			// cancelled before it ran: the future task only records that
			task.run();
			return;
		}
		started();
		try {
			runInAsyncScope(task);
		}
		finally {
			emitDestroy();
		}
	}

	/**
	 * Whether the calling thread runs in this invocation's scope.
	 * @return whether this is the current resource
	 */
	boolean isCurrent() {
		return AsyncHooks.executionAsyncId() == asyncId();
	}

	void cancelled() {
		if (!this.started) {
			emitDestroy();
		}
	}

}
