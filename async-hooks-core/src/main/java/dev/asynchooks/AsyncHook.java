package dev.asynchooks;

/**
 * A set of {@link HookCallbacks} that can be enabled and disabled. Created disabled by
 * {@link AsyncHooks#createHook(HookCallbacks)}.
 * <p>
 * Hooks are process-wide: once enabled, a hook receives the events of every thread.
 * Enabled hooks are called in the order they were enabled; disabling and enabling again
 * moves a hook to the end. All methods are thread-safe and may be called from inside any
 * callback, with the timing described in {@link HookCallbacks}.
 *
 * <pre>{@code
 * AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
 *     public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
 *         System.out.println(type + "(" + asyncId + ") trigger: " + triggerAsyncId);
 *     }
 * }).enable();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AsyncHook {

	private final HookCallbacks callbacks;

	AsyncHook(HookCallbacks callbacks) {
		this.callbacks = callbacks;
	}

	/**
	 * Enable the hook: it receives every event raised after this call returns (on the
	 * calling thread; other threads see it at their next event). Does nothing if it is
	 * enabled already.
	 * @return this hook
	 */
	public AsyncHook enable() {
		HookRegistry.enable(this);
		return this;
	}

	/**
	 * Disable the hook: it receives no event raised after this call returns, except those
	 * of a dispatch already in progress on the calling thread. Does nothing if it is not
	 * enabled.
	 * @return this hook
	 */
	public AsyncHook disable() {
		HookRegistry.disable(this);
		return this;
	}

	/**
	 * Whether the hook is enabled.
	 * @return {@code true} between {@link #enable()} and {@link #disable()}
	 */
	public boolean isEnabled() {
		return HookRegistry.isEnabled(this);
	}

	/**
	 * The callbacks this hook calls.
	 * @return the callbacks given to {@code createHook}
	 */
	public HookCallbacks callbacks() {
		return this.callbacks;
	}

	@Override
	public String toString() {
		return "AsyncHook[" + this.callbacks.getClass().getName() + (isEnabled() ? ", enabled]" : ", disabled]");
	}

}
