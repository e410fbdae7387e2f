package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tasks an executor drops without telling the wrapper (SPEC §3 rule 10): each one whose
 * {@code init} was delivered gets exactly one {@code destroy}, and a task that runs runs
 * inside its resource.
 */
class DroppedTasksTests {

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(new HookRecorder());

	private List<Event> executorTasks() {
		return this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
	}

	private List<String> namesFor(Event init) {
		return this.recorder.namesFor(init.asyncId());
	}

	private Thread destroyThread(Event init) {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == init.asyncId() && event.name().equals("destroy"))
			.map(Event::thread)
			.findFirst()
			.orElseThrow();
	}

	/** A pool of one thread and a queue of one, its thread held until released. */
	private ThreadPoolExecutor busyPool(RejectedExecutionHandler handler, CountDownLatch release)
			throws InterruptedException {
		ThreadPoolExecutor pool = this.engine
			.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), handler));
		CountDownLatch started = new CountDownLatch(1);
		pool.execute(() -> {
			started.countDown();
			await(release);
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		return pool;
	}

	@Test
	void taskDiscardedByDiscardPolicyIsDestroyedInsideExecuteOnTheSubmittingThread() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ThreadPoolExecutor pool = busyPool(new ThreadPoolExecutor.DiscardPolicy(), release);
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		AtomicInteger runs = new AtomicInteger();
		this.recorder.hook().enable();
		executor.execute(runs::incrementAndGet); // queued
		executor.execute(runs::incrementAndGet); // discarded
		List<Event> tasks = executorTasks();
		assertThat(tasks).hasSize(2);
		assertThat(namesFor(tasks.get(1))).containsExactly("init", "destroy");
		assertThat(destroyThread(tasks.get(1))).isSameAs(Thread.currentThread());
		release.countDown();
		RecordedTasks.awaitDestroy(this.recorder, tasks.get(0).asyncId());
		assertThat(namesFor(tasks.get(0))).containsExactly("init", "before", "after", "destroy");
		assertThat(runs).hasValue(1);
	}

	@Test
	void taskDroppedFromTheQueueByDiscardOldestPolicyIsDestroyedInsideExecute() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ThreadPoolExecutor pool = busyPool(new ThreadPoolExecutor.DiscardOldestPolicy(), release);
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		List<String> ran = Collections.synchronizedList(new ArrayList<>());
		this.recorder.hook().enable();
		executor.execute(() -> ran.add("oldest")); // queued, then dropped
		Future<?> newest = executor.submit(() -> ran.add("newest"));
		List<Event> tasks = executorTasks();
		assertThat(tasks).hasSize(2);
		assertThat(namesFor(tasks.get(0))).containsExactly("init", "destroy");
		assertThat(destroyThread(tasks.get(0))).isSameAs(Thread.currentThread());
		release.countDown();
		newest.get(10, TimeUnit.SECONDS);
		RecordedTasks.awaitDestroy(this.recorder, tasks.get(1).asyncId());
		assertThat(namesFor(tasks.get(1))).containsExactly("init", "before", "after", "destroy");
		assertThat(ran).containsExactly("newest");
	}

	@Test
	void callerRunsPolicyRunsTheTaskInItsResourceAndDestroysItWhenShutDown() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ThreadPoolExecutor pool = busyPool(new ThreadPoolExecutor.CallerRunsPolicy(), release);
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		List<Long> ranIn = Collections.synchronizedList(new ArrayList<>());
		this.recorder.hook().enable();
		executor.execute(() -> ranIn.add(AsyncHooks.executionAsyncId())); // queued
		executor.execute(() -> ranIn.add(AsyncHooks.executionAsyncId())); // run here
		List<Event> tasks = executorTasks();
		assertThat(namesFor(tasks.get(1))).containsExactly("init", "before", "after", "destroy");
		assertThat(ranIn).containsExactly(tasks.get(1).asyncId());
		executor.shutdown();
		executor.execute(() -> ranIn.add(AsyncHooks.executionAsyncId())); // dropped
		tasks = executorTasks();
		assertThat(tasks).hasSize(3);
		assertThat(namesFor(tasks.get(2))).containsExactly("init", "destroy");
		release.countDown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(namesFor(tasks.get(0))).containsExactly("init", "before", "after", "destroy");
		assertThat(ranIn).containsExactly(tasks.get(1).asyncId(), tasks.get(0).asyncId());
	}

	@Test
	void onlyHandlersThatDropTasksSilentlyAreWrapped() {
		RejectedExecutionHandler abort = new ThreadPoolExecutor.AbortPolicy();
		ThreadPoolExecutor aborting = this.engine
			.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), abort));
		AsyncExecutors.wrap((ExecutorService) aborting);
		assertThat(aborting.getRejectedExecutionHandler()).isSameAs(abort);
		ThreadPoolExecutor discarding = this.engine.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.DiscardPolicy()));
		AsyncExecutors.wrap((ExecutorService) discarding);
		RejectedExecutionHandler wrapped = discarding.getRejectedExecutionHandler();
		assertThat(wrapped).isInstanceOf(TrackedRejectedExecutionHandler.class);
		AsyncExecutors.wrap((ExecutorService) discarding);
		assertThat(discarding.getRejectedExecutionHandler()).as("wrapped once").isSameAs(wrapped);
	}

	@Test
	void scheduledTaskRejectedWithAnErrorIsDestroyed() throws Exception {
		ScheduledThreadPoolExecutor failing = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1) {
			@Override
			public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
				throw new OutOfMemoryError("unable to create native thread (simulated)");
			}
		});
		ScheduledExecutorService executor = AsyncExecutors.wrap((ScheduledExecutorService) failing);
		this.recorder.hook().enable();
		assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> executor.schedule(() -> {
		}, 1, TimeUnit.SECONDS));
		List<Event> timeouts = this.recorder.inits(ResourceTypes.TIMEOUT);
		assertThat(timeouts).hasSize(1);
		assertThat(namesFor(timeouts.get(0))).containsExactly("init", "destroy");
	}

	@Test
	void taskSubmittedToAForkJoinPoolThatShutsDownNowIsDestroyedWhenItTerminates() throws Exception {
		ForkJoinPool pool = this.engine.shutDownAfter(new ForkJoinPool(1));
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.recorder.hook().enable();
		executor.execute(() -> {
			started.countDown();
			await(release);
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		Future<?> queued = executor.submit(() -> {
		});
		assertThat(executor.shutdownNow()).isEmpty();
		release.countDown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		List<Event> tasks = executorTasks();
		assertThat(tasks).hasSize(2);
		assertThat(namesFor(tasks.get(0))).containsExactly("init", "before", "after", "destroy");
		assertThat(namesFor(tasks.get(1))).containsExactly("init", "destroy");
		if (!(executor instanceof ScheduledExecutorService)) {
			// a ForkJoinPool cancels the tasks it drops; so does the wrapper once the
			// pool
			// has terminated (JDK 25's ForkJoinPool is a scheduler: its wrapper ends the
			// unrun tasks at shutdownNow() already, while they may still be running, so
			// without cancelling them)
			assertThat(queued.isCancelled()).as("cancelled").isTrue();
		}
	}

	/**
	 * {@code ForkJoinPool.shutdownNow()} cancels its queued tasks itself and returns an
	 * empty list: a task handed to {@code execute} (not {@code submit}, above) and never
	 * run still gets its destroy.
	 */
	@Test
	void taskExecutedOnAForkJoinPoolThatShutsDownNowIsDestroyedUnrun() throws Exception {
		ForkJoinPool pool = this.engine.shutDownAfter(new ForkJoinPool(1));
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger queuedRuns = new AtomicInteger();
		this.recorder.hook().enable();
		executor.execute(() -> {
			started.countDown();
			await(release);
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		executor.execute(queuedRuns::incrementAndGet);
		executor.shutdownNow();
		release.countDown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(queuedRuns).hasValue(0);
		List<Event> tasks = executorTasks();
		assertThat(tasks).hasSize(2);
		RecordedTasks.awaitFast()
			.untilAsserted(() -> assertThat(namesFor(tasks.get(1))).as("queued task, never run")
				.containsExactly("init", "destroy"));
	}

	/**
	 * A {@code DiscardPolicy} pool that is shut down drops the task silently:
	 * {@code execute} returns normally, and the task still gets its destroy.
	 */
	@Test
	void taskDiscardedByAShutDownPoolWithDiscardPolicyIsDestroyed() throws Exception {
		ThreadPoolExecutor pool = this.engine.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.DiscardPolicy()));
		pool.shutdown();
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		this.recorder.hook().enable();
		executor.execute(() -> {
		});
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		List<Event> tasks = executorTasks();
		assertThat(tasks).hasSize(1);
		assertThat(namesFor(tasks.get(0))).as("discarded task").containsExactly("init", "destroy");
	}

	/**
	 * {@code ThreadPoolExecutor.execute} throws an {@code Error} (typically
	 * {@code OutOfMemoryError: unable to create native thread}) when its thread factory
	 * fails: the task the executor never accepted gets its destroy.
	 */
	@Test
	void taskRejectedWithAnErrorIsDestroyed() {
		ThreadPoolExecutor pool = this.engine.shutDownAfter(
				new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), (runnable) -> {
					throw new OutOfMemoryError("unable to create native thread (simulated)");
				}));
		ExecutorService executor = AsyncExecutors.wrap((ExecutorService) pool);
		this.recorder.hook().enable();
		assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> executor.execute(() -> {
		}));
		List<Event> tasks = executorTasks();
		assertThat(tasks).hasSize(1);
		assertThat(namesFor(tasks.get(0))).as("task the executor never accepted").containsExactly("init", "destroy");
	}

	@Test
	void periodicTaskOfASingleThreadScheduledExecutorIsStillDestroyedAtShutdown() throws Exception {
		ScheduledExecutorService raw = this.engine.shutDownAfter(Executors.newSingleThreadScheduledExecutor());
		ScheduledExecutorService executor = AsyncExecutors.wrap(raw);
		AtomicInteger runs = new AtomicInteger();
		this.recorder.hook().enable();
		ScheduledFuture<?> periodic = executor.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
		ScheduledFuture<?> delayed = executor.schedule(runs::incrementAndGet, 1, TimeUnit.HOURS);
		RecordedTasks.awaitFast().until(() -> runs.get() >= 1);
		executor.shutdown();
		long periodicId = RecordedTasks.idOf(this.recorder, periodic);
		RecordedTasks.awaitDestroy(this.recorder, periodicId);
		assertThat(periodic.isCancelled()).isTrue();
		List<String> names = this.recorder.namesFor(periodicId);
		assertThat(names.get(names.size() - 1)).isEqualTo("destroy");
		assertThat(this.recorder.namesFor(RecordedTasks.idOf(this.recorder, delayed))).as("runs after shutdown")
			.containsExactly("init");
		executor.shutdownNow();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.recorder.namesFor(RecordedTasks.idOf(this.recorder, delayed))).containsExactly("init",
				"destroy");
	}

	/**
	 * The race behind the test above, made to happen every time: the periodic run is in
	 * progress when {@code shutdown()} returns, so the scheduler (whose policies the
	 * wrapper cannot read) cancels it only after the run, and nothing but the cancel
	 * itself tells the wrapper.
	 */
	@Test
	void periodicTaskRunningAtShutdownOfASchedulerWithUnreadablePoliciesIsDestroyedAfterItsRun() throws Exception {
		ScheduledExecutorService raw = this.engine.shutDownAfter(Executors.newSingleThreadScheduledExecutor());
		ScheduledExecutorService executor = AsyncExecutors.wrap(raw);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch shutDown = new CountDownLatch(1);
		AtomicInteger runs = new AtomicInteger();
		this.recorder.hook().enable();
		ScheduledFuture<?> periodic = executor.scheduleAtFixedRate(() -> {
			if (runs.incrementAndGet() == 1) {
				running.countDown();
				await(shutDown);
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		ScheduledFuture<?> delayed = executor.schedule(runs::incrementAndGet, 1, TimeUnit.HOURS);
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		executor.shutdown();
		long periodicId = RecordedTasks.idOf(this.recorder, periodic);
		assertThat(this.recorder.namesFor(periodicId)).as("running at shutdown").containsExactly("init", "before");
		shutDown.countDown();
		RecordedTasks.awaitDestroy(this.recorder, periodicId);
		assertThat(this.recorder.namesFor(periodicId)).containsExactly("init", "before", "after", "destroy");
		assertThat(periodic.isCancelled()).isTrue();
		assertThat(runs).hasValue(1);
		assertThat(this.recorder.namesFor(RecordedTasks.idOf(this.recorder, delayed))).containsExactly("init");
		RecordedTasks.awaitFast().until(() -> !shutdownWatcherAlive());
		executor.shutdownNow();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.recorder.namesFor(RecordedTasks.idOf(this.recorder, delayed))).containsExactly("init",
				"destroy");
	}

	/**
	 * A scheduler whose policies cannot be read and that keeps its periodic tasks after
	 * shutdown: the task runs on in its resource and with the store of the code that
	 * scheduled it (never destroyed while it still runs), and ends when the scheduler
	 * stops; the thread that watched it ends too.
	 */
	@Test
	void periodicTaskKeptAfterShutdownRunsOnInItsResourceAndEndsAtShutdownNow() throws Exception {
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
		pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(true);
		ScheduledExecutorService raw = this.engine
			.shutDownAfter(Executors.unconfigurableScheduledExecutorService(pool));
		ScheduledExecutorService executor = AsyncExecutors.wrap(raw);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch shutDown = new CountDownLatch(1);
		AtomicInteger runs = new AtomicInteger();
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		this.recorder.hook().enable();
		ScheduledFuture<?> periodic = storage.run("scheduler", () -> executor.scheduleWithFixedDelay(() -> {
			seen.add(AsyncHooks.executionAsyncId() + "/" + storage.getStore());
			if (runs.incrementAndGet() == 1) {
				running.countDown();
				await(shutDown);
			}
		}, 0, 1, TimeUnit.MILLISECONDS));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		executor.shutdown();
		assertThat(shutdownWatcherAlive()).isTrue();
		shutDown.countDown();
		RecordedTasks.awaitFast().until(() -> runs.get() >= 3);
		long periodicId = RecordedTasks.idOf(this.recorder, periodic);
		assertThat(this.recorder.namesFor(periodicId)).doesNotContain("destroy");
		assertThat(periodic.isCancelled()).isFalse();
		assertThat(new ArrayList<>(seen)).as("every run inside the Timeout with the scheduler's store")
			.allMatch((line) -> line.equals(periodicId + "/scheduler"));
		executor.shutdownNow();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		RecordedTasks.awaitDestroy(this.recorder, periodicId);
		List<String> names = this.recorder.namesFor(periodicId);
		assertThat(names.get(names.size() - 1)).isEqualTo("destroy");
		assertThat(names.subList(1, names.size() - 1)).hasSizeGreaterThanOrEqualTo(6);
		RecordedTasks.awaitFast().until(() -> !shutdownWatcherAlive());
	}

	private static boolean shutdownWatcherAlive() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((thread) -> thread.getName().equals("async-hooks-scheduler-shutdown") && thread.isAlive());
	}

	/**
	 * {@code invokeAny} and timed {@code invokeAll} return while some of their tasks are
	 * queued, starting, or running; they cancel those. Whatever the interleaving, every
	 * task gets one {@code destroy}, never between its {@code before} and {@code after},
	 * and a callable that runs runs inside its own resource.
	 */
	@Test
	void tasksThatInvokeAnyAndTimedInvokeAllLeaveBehindKeepEveryRule() throws Exception {
		ExecutorService pool = AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newFixedThreadPool(3)));
		ExecutorService forkJoin = AsyncExecutors
			.wrap((ExecutorService) this.engine.shutDownAfter(new ForkJoinPool(3)));
		List<Long> ranIn = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger calls = new AtomicInteger();
		LifecycleInvariants invariants = new LifecycleInvariants().enable();
		this.recorder.hook().enable();
		try {
			for (int round = 0; round < 400; round++) {
				ExecutorService executor = (round % 2 == 0) ? pool : forkJoin;
				List<Callable<Integer>> tasks = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					int value = i;
					tasks.add(() -> {
						calls.incrementAndGet();
						ranIn.add(AsyncHooks.executionAsyncId());
						if (value % 2 == 1) {
							Thread.yield();
						}
						return value;
					});
				}
				if (round % 4 < 2) {
					assertThat(executor.invokeAny(tasks)).isBetween(0, 3);
				}
				else {
					executor.invokeAll(tasks, 50, TimeUnit.MICROSECONDS);
				}
			}
			timedInvokeAnyMayTimeOut(pool);
		}
		finally {
			this.engine.shutDownExecutors();
			invariants.disable();
			this.recorder.close();
		}
		invariants.assertHeld();
		List<Long> taskIds = executorTasks().stream().map(Event::asyncId).toList();
		assertThat(taskIds).hasSizeGreaterThanOrEqualTo(400 * 4);
		assertThat(calls.get()).isPositive();
		assertThat(new ArrayList<>(ranIn)).as("each callable ran inside its own EXECUTOR_TASK")
			.hasSize(calls.get())
			.doesNotHaveDuplicates()
			.allMatch(taskIds::contains);
	}

	private static void timedInvokeAnyMayTimeOut(ExecutorService executor) throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		try {
			executor.invokeAny(List.of(() -> {
				await(never);
				return 1;
			}), 1, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// expected: the task is cancelled and interrupted
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
