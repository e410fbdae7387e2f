package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Method;

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
	 * Whether the task being decorated on this thread runs an {@code @Async} invocation;
	 * answers {@code true} once per invocation.
	 * @return whether the task is an invocation's
	 */
	static boolean claimSubmission() {
		if (submitting.get() == null) {
			return false;
		}
		submitting.remove();
		return true;
	}

}
