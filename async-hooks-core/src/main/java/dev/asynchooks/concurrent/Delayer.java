package dev.asynchooks.concurrent;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the timeouts of all {@link TrackedCompletableFuture}s, as the JDK
 * has for {@code CompletableFuture}.
 */
final class Delayer {

	private static final ScheduledThreadPoolExecutor delayer;

	static {
		delayer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "TrackedCompletableFutureDelayScheduler");
			thread.setDaemon(true);
			return thread;
		});
		delayer.setRemoveOnCancelPolicy(true);
	}

	private Delayer() {
	}

	static ScheduledFuture<?> delay(Runnable command, long delay, TimeUnit unit) {
		return delayer.schedule(command, delay, unit);
	}

}
