package dev.asynchooks.autoconfigure.task;

import java.util.concurrent.RunnableScheduledFuture;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;

/**
 * A delayed or periodic task of a {@code ThreadPoolTaskScheduler}: one {@code Timeout}
 * resource per registration, created on the scheduling thread, with a
 * {@code before}/{@code after} pair per run. It is destroyed after its last run (a
 * one-shot task, or a periodic one that was cancelled or failed); a task cancelled before
 * it runs is destroyed when it is garbage-collected.
 */
final class TimeoutTask extends AsyncResource implements Runnable {

	private final RunnableScheduledFuture<?> future;

	TimeoutTask(RunnableScheduledFuture<?> future) {
		super(ResourceTypes.TIMEOUT);
		this.future = future;
	}

	@Override
	public void run() {
		try {
			runInAsyncScope(this.future);
		}
		finally {
			if (!this.future.isPeriodic() || this.future.isDone()) {
				emitDestroy();
			}
		}
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		return (this.future != null) ? super.toString() + " " + this.future : super.toString();
	}

}
