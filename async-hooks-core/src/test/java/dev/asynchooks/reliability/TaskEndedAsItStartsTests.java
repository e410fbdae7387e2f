package dev.asynchooks.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.concurrent.AsyncExecutors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races the stress suite found in {@code dev.asynchooks.concurrent}, swept over many
 * iterations: a task the JDK has just started, but whose run has not yet entered its
 * resource, is ended (by the timeout of {@code invokeAll}, by {@code cancel} of a
 * scheduled task); its function must then not run outside its resource, after its
 * {@code destroy}. Deterministic versions hold the worker between the two points:
 * {@code ScheduledTaskEndedAsItStartsTests} in {@code dev.asynchooks.concurrent}.
 */
@ExtendWith(CleanEngine.class)
class TaskEndedAsItStartsTests {

	private final AsyncLocalStorage<String> store = new AsyncLocalStorage<>();

	// the timeout cancels a task a worker has just started: the wrapper destroys the task
	// and the worker must not run its function (TrackedCallable.abandon())
	@Test
	void functionOfATimedInvokeAllNeverRunsOutsideItsResource() throws Exception {
		ThreadPoolExecutor raw = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		ExecutorService executor = AsyncExecutors.wrap(raw);
		List<String> lost = Collections.synchronizedList(new ArrayList<>());
		try {
			for (int i = 0; i < 200_000 && lost.isEmpty(); i++) {
				long timeout = (i % 64) * 500;
				Callable<Integer> task = () -> {
					if (AsyncHooks.executionAsyncId() == 1 || this.store.getStore() == null) {
						lost.add("ran with executionAsyncId " + AsyncHooks.executionAsyncId() + " and store "
								+ this.store.getStore());
					}
					return 1;
				};
				this.store.call("request",
						() -> executor.invokeAll(List.of(task, task, task), timeout, TimeUnit.NANOSECONDS));
			}
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(lost).isEmpty();
	}

	// the same race on a wrapped scheduler (found by the soak run): cancel() of a delayed
	// task that a worker has just started (the JDK future is still cancellable) destroys
	// the Timeout before its run claimed it; the run must not call the function
	@Test
	void functionOfAScheduledTaskCancelledAsItStartsNeverRunsOutsideItsResource() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(new ScheduledThreadPoolExecutor(2));
		List<String> lost = Collections.synchronizedList(new ArrayList<>());
		try {
			for (int i = 0; i < 200_000 && lost.isEmpty(); i++) {
				Callable<Integer> task = () -> {
					if (AsyncHooks.executionAsyncId() == 1 || this.store.getStore() == null) {
						lost.add("ran with executionAsyncId " + AsyncHooks.executionAsyncId() + " and store "
								+ this.store.getStore());
					}
					return 1;
				};
				Future<Integer> future = this.store.call("request",
						() -> scheduler.schedule(task, 0, TimeUnit.NANOSECONDS));
				// sweep the moment of the cancel across the worker's start
				for (int spin = 0; spin < (i & 4095); spin++) {
					Thread.onSpinWait();
				}
				future.cancel(false);
			}
		}
		finally {
			scheduler.shutdownNow();
			assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(lost).isEmpty();
	}

}
