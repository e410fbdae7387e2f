package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.EngineAssertions;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.asynchooks.concurrent.RecordedTasks.awaitFast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproducers for problems found in review of the executor integrations. Each test fails
 * on the code as reviewed.
 */
class ConcurrentReviewFindingsTests {

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	private final HookRecorder recorder = new HookRecorder();

	private final List<ExecutorService> toShutDown = new ArrayList<>();

	@AfterEach
	void cleanUp() throws InterruptedException {
		for (ExecutorService executor : this.toShutDown) {
			executor.shutdownNow();
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		this.recorder.close();
		this.recorder.destroyRemaining();
		EngineAssertions.assertCleanAndReset();
	}

	private <E extends ExecutorService> E track(E executor) {
		this.toShutDown.add(executor);
		return executor;
	}

	private List<Long> executorTaskIds() {
		return this.recorder.inits(ResourceTypes.EXECUTOR_TASK).stream().map(Event::asyncId).toList();
	}

	/**
	 * SPEC §3 rule 10: a task unrun when its executor shuts down gets its destroy.
	 * {@code ForkJoinPool.shutdownNow()} cancels its queued tasks itself and returns an
	 * empty list, so the wrapper never ends them: init without destroy, forever.
	 */
	@Test
	void forkJoinPoolShutdownNowDestroysTheQueuedTask() throws Exception {
		ForkJoinPool pool = track(new ForkJoinPool(1));
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger queuedRuns = new AtomicInteger();
		this.recorder.hook().enable();
		executor.execute(() -> {
			started.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		started.await();
		executor.execute(queuedRuns::incrementAndGet);
		executor.shutdownNow();
		release.countDown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(queuedRuns).hasValue(0);
		List<Long> ids = executorTaskIds();
		assertThat(ids).hasSize(2);
		awaitFast().atMost(java.time.Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.recorder.namesFor(ids.get(1))).as("queued task, never run")
				.containsExactly("init", "destroy"));
	}

	/**
	 * SPEC §3 rule 10: a task rejected by an executor gets its destroy. A
	 * {@code RejectedExecutionHandler} that does not throw (here {@code DiscardPolicy})
	 * drops the task silently; {@code execute} returns normally, so the wrapper never
	 * learns the task will not run.
	 */
	@Test
	void taskSilentlyDiscardedByTheRejectionPolicyIsDestroyed() throws Exception {
		ThreadPoolExecutor pool = track(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
				new ThreadPoolExecutor.DiscardPolicy()));
		pool.shutdown();
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		this.recorder.hook().enable();
		executor.execute(() -> {
		});
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		List<Long> ids = executorTaskIds();
		assertThat(ids).hasSize(1);
		assertThat(this.recorder.namesFor(ids.get(0))).as("discarded task").containsExactly("init", "destroy");
	}

	/**
	 * Same cause with {@code DiscardOldestPolicy}: the oldest queued task is dropped from
	 * the queue and never run nor destroyed.
	 */
	@Test
	void queuedTaskDroppedByDiscardOldestPolicyIsDestroyed() throws Exception {
		ThreadPoolExecutor pool = track(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
				new ThreadPoolExecutor.DiscardOldestPolicy()));
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.recorder.hook().enable();
		executor.execute(() -> {
			started.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		started.await();
		executor.execute(() -> {
		}); // queued, then dropped by the next one
		executor.execute(() -> {
		});
		release.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		List<Long> ids = executorTaskIds();
		assertThat(ids).hasSize(3);
		awaitFast().atMost(java.time.Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.recorder.namesFor(ids.get(1))).as("task dropped from the queue")
				.containsExactly("init", "destroy"));
	}

	/**
	 * SPEC §3 rule 10 (destroy only after the last run) and rules 2/17 (callbacks run in
	 * their resource and store). For a scheduler that is not a
	 * {@code ScheduledThreadPoolExecutor} instance the wrapper assumes periodic tasks are
	 * dropped at {@code shutdown()} and destroys them; a delegate that keeps them (here
	 * an unconfigurable view of an STPE whose continue-periodic policy is on) goes on
	 * running the task, now outside any resource, after its destroy.
	 */
	@Test
	void periodicTaskThatKeepsRunningAfterShutdownIsNotDestroyedNorRunOutsideItsResource() throws Exception {
		ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
		stpe.setContinueExistingPeriodicTasksAfterShutdownPolicy(true);
		track(stpe);
		ScheduledExecutorService view = Executors.unconfigurableScheduledExecutorService(stpe);
		ScheduledExecutorService executor = AsyncExecutors.wrap(view);
		List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger runs = new AtomicInteger();
		this.recorder.hook().enable();
		storage.run("scheduler", () -> executor.scheduleAtFixedRate(() -> {
			seen.add(AsyncHooks.executionAsyncId() + "/" + storage.getStore());
			runs.incrementAndGet();
		}, 0, 1, TimeUnit.MILLISECONDS));
		awaitFast().until(() -> runs.get() >= 1);
		executor.shutdown();
		int runsAtShutdown = runs.get();
		awaitFast().until(() -> runs.get() >= runsAtShutdown + 3);
		long id = this.recorder.inits(ResourceTypes.TIMEOUT).get(0).asyncId();
		List<String> names = this.recorder.namesFor(id);
		assertThat(new ArrayList<>(seen)).as("every run inside the Timeout with the scheduler's store")
			.allMatch((line) -> line.equals(id + "/scheduler"));
		assertThat(names).as("no destroy while the task still runs").doesNotContain("destroy");
	}

	/**
	 * SPEC §3 rule 10: a task the executor does not accept gets its destroy.
	 * {@code ThreadPoolExecutor.execute} throws an {@code Error} (typically
	 * {@code OutOfMemoryError: unable to create native thread}) when its thread factory
	 * fails; the wrapper ends the task only on {@code RuntimeException}, so the task is
	 * left with an init and no destroy (and, on a scheduler, in the live-task set).
	 */
	@Test
	void taskRejectedWithAnErrorIsDestroyed() {
		ThreadPoolExecutor pool = track(
				new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), (runnable) -> {
					throw new OutOfMemoryError("unable to create native thread (simulated)");
				}));
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		this.recorder.hook().enable();
		org.assertj.core.api.Assertions.assertThatExceptionOfType(OutOfMemoryError.class)
			.isThrownBy(() -> executor.execute(() -> {
			}));
		List<Long> ids = executorTaskIds();
		assertThat(ids).hasSize(1);
		assertThat(this.recorder.namesFor(ids.get(0))).as("task the executor never accepted")
			.containsExactly("init", "destroy");
	}

}
