package dev.asynchooks;

/**
 * The callbacks of a hook, one per event in the life of an asynchronous resource. Every
 * method is optional: implement only those you need (the engine does not even call the
 * ones left at their default).
 * <p>
 * <b>Threads.</b> Callbacks run synchronously on whatever thread the event happens on:
 * the thread that creates the resource ({@code init}), the thread that runs it
 * ({@code before}, {@code after}), the thread that ends it ({@code destroy}; the cleaner
 * thread for resources ended by garbage collection) and the thread that completes a
 * promise ({@code promiseResolve}). Implementations must therefore be thread-safe. The
 * engine holds no lock while it calls them.
 * <p>
 * <b>Ordering.</b> Enabled hooks are called in the order they were enabled. For one
 * resource, {@code init} comes first and {@code destroy} last, each at most once;
 * {@code before} and {@code after} come in pairs on one thread, properly nested, zero or
 * more times; {@code destroy} never arrives between a {@code before} and its
 * {@code after}.
 * <p>
 * <b>Re-entrancy.</b> A callback may call {@link AsyncHook#enable()} and
 * {@link AsyncHook#disable()}; the change applies to the next event (a hook enabled here
 * misses the event in progress, a hook disabled here still gets it). Work started from
 * inside a callback (a task submitted, a resource created) gets ids and context as usual,
 * but none of its events is ever delivered to any hook, so logging from a callback cannot
 * recurse.
 * <p>
 * <b>Failures.</b> A callback that throws is handled by the {@link HookErrorPolicy}: by
 * default the process exits with status 1. The exception never reaches the code that
 * raised the event.
 *
 * @since 0.1.0
 * @see AsyncHooks#createHook(HookCallbacks)
 */
public interface HookCallbacks {

	/**
	 * Called when a resource is created, synchronously inside the call that creates it.
	 * Inside this callback {@link AsyncHooks#executionAsyncId()} is the context that
	 * creates the resource, not the resource.
	 * @param asyncId the new resource's id, greater than 1
	 * @param type the resource type, such as {@code EXECUTOR_TASK}, {@code PROMISE} or a
	 * type given to {@link AsyncResource}
	 * @param triggerAsyncId the id of the resource that caused this one (by default the
	 * creator's {@code executionAsyncId()})
	 * @param resource the object representing the resource: the {@link AsyncResource},
	 * the future, the task; {@link AsyncHooks#executionAsyncResource()} returns this
	 * object inside its callbacks. It may not be fully usable yet; keep only a weak
	 * reference to it
	 */
	default void init(long asyncId, String type, long triggerAsyncId, Object resource) {
	}

	/**
	 * Called on the thread that is about to run a callback of the resource, after its
	 * frame is entered: {@link AsyncHooks#executionAsyncId()} is already {@code asyncId}
	 * here.
	 * @param asyncId the resource being entered
	 */
	default void before(long asyncId) {
	}

	/**
	 * Called on the same thread when the resource's callback has finished, normally or by
	 * throwing, before its frame is left: {@link AsyncHooks#executionAsyncId()} is still
	 * {@code asyncId} here.
	 * @param asyncId the resource being left
	 */
	default void after(long asyncId) {
	}

	/**
	 * Called once when the resource has ended: after its last run, when it is cancelled,
	 * rejected or dropped unrun, when {@link AsyncResource#emitDestroy()} is called, or
	 * when it is garbage-collected without having been ended. Runs on the thread that
	 * ends it.
	 * @param asyncId the resource that ended
	 */
	default void destroy(long asyncId) {
	}

	/**
	 * Called when a promise ({@code TrackedCompletableFuture}) is completed, normally or
	 * exceptionally, on the completing thread.
	 * @param asyncId the promise that was completed
	 */
	default void promiseResolve(long asyncId) {
	}

}
