package dev.asynchooks;

/**
 * Options for an {@link AsyncResource}.
 *
 * @param triggerAsyncId the id of the resource that caused the new one, or
 * {@link #DEFAULT_TRIGGER_ASYNC_ID} for the {@link AsyncHooks#executionAsyncId()} at the
 * moment the resource is constructed; other negative values are rejected by the
 * {@link AsyncResource} constructor
 * @param requireManualDestroy whether {@code destroy} is emitted only by
 * {@link AsyncResource#emitDestroy()}; when {@code false} it is also emitted when the
 * resource is garbage-collected without having been destroyed
 * @since 0.1.0
 */
public record AsyncResourceOptions(long triggerAsyncId, boolean requireManualDestroy) {

	/**
	 * The {@code triggerAsyncId} that stands for "the execution context at construction".
	 */
	public static final long DEFAULT_TRIGGER_ASYNC_ID = Long.MIN_VALUE;

	private static final AsyncResourceOptions DEFAULTS = new AsyncResourceOptions(DEFAULT_TRIGGER_ASYNC_ID, false);

	/**
	 * The default options: the trigger is the {@link AsyncHooks#executionAsyncId()} at
	 * the moment the resource is constructed, and {@code destroy} is also emitted on
	 * garbage collection.
	 * @return the default options
	 */
	public static AsyncResourceOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * A copy with the given trigger.
	 * @param triggerAsyncId the trigger id, {@code 0} or more
	 * @return the new options
	 * @throws IllegalArgumentException if {@code triggerAsyncId} is negative
	 */
	public AsyncResourceOptions withTriggerAsyncId(long triggerAsyncId) {
		if (triggerAsyncId < 0) {
			throw new IllegalArgumentException(
					"Invalid triggerAsyncId value: " + triggerAsyncId + " ('triggerAsyncId' must be 0 or more)");
		}
		return new AsyncResourceOptions(triggerAsyncId, this.requireManualDestroy);
	}

	/**
	 * A copy with the given destroy mode.
	 * @param requireManualDestroy whether only {@link AsyncResource#emitDestroy()} emits
	 * {@code destroy}
	 * @return the new options
	 */
	public AsyncResourceOptions withRequireManualDestroy(boolean requireManualDestroy) {
		return new AsyncResourceOptions(this.triggerAsyncId, requireManualDestroy);
	}

	/**
	 * Whether the trigger is the execution context at construction.
	 * @return whether {@link #triggerAsyncId()} is {@link #DEFAULT_TRIGGER_ASYNC_ID}
	 */
	public boolean hasDefaultTrigger() {
		return this.triggerAsyncId == DEFAULT_TRIGGER_ASYNC_ID;
	}

}
