package dev.asynchooks.autoconfigure.task;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;

/**
 * A task handed to a Spring executor: an {@code EXECUTOR_TASK} resource created on the
 * submitting thread, run once in its scope and destroyed after the run.
 */
final class ExecutorTask extends AsyncResource implements Runnable {

	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final Runnable delegate;

	ExecutorTask(Runnable delegate) {
		super(ResourceTypes.EXECUTOR_TASK, OPTIONS);
		this.delegate = delegate;
	}

	@Override
	public void run() {
		try {
			runInAsyncScope(this.delegate);
		}
		finally {
			emitDestroy();
		}
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		return (this.delegate != null) ? super.toString() + " " + this.delegate : super.toString();
	}

}
