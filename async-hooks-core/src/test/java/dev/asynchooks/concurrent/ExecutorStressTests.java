package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads submit thousands of tasks to wrapped executors while tasks are cancelled,
 * rejected, throw, and the executor is shut down under them; afterwards every
 * {@code init} has exactly one {@code destroy} and {@code before}/{@code after} were
 * balanced and nested on every thread ({@link LifecycleInvariants}). The random choices
 * are seeded; the interleavings are not, and the rules must hold for every one.
 */
class ExecutorStressTests {

	private static final int SUBMITTERS = 4;

	private static final int TASKS_PER_SUBMITTER = 2500;

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final AtomicInteger uncaught = new AtomicInteger();

	private final AtomicInteger rejected = new AtomicInteger();

	private final AtomicInteger cancelled = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private ThreadFactory countingUncaught() {
		return (task) -> {
			Thread thread = new Thread(task);
			thread.setUncaughtExceptionHandler((t, ex) -> this.uncaught.incrementAndGet());
			return thread;
		};
	}

	@Test
	void threadPoolTasksKeepEveryRuleUnderCancelRejectThrowAndShutdownNow() throws Exception {
		ThreadPoolExecutor raw = this.engine.shutDownAfter(new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(32), countingUncaught(), new ThreadPoolExecutor.AbortPolicy()));
		ExecutorService executor = AsyncExecutors.wrap(raw);
		LifecycleInvariants invariants = new LifecycleInvariants().enable();
		try {
			submitConcurrently(SUBMITTERS, TASKS_PER_SUBMITTER, (random, index) -> {
				if (index == TASKS_PER_SUBMITTER * 3 / 4 && random.nextInt(2) == 0) {
					executor.shutdownNow();
				}
				submitRandomTask(executor, random);
			});
			executor.shutdownNow();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			invariants.disable();
		}
		invariants.assertHeld();
		assertThat(invariants.initCount()).isGreaterThanOrEqualTo(SUBMITTERS * TASKS_PER_SUBMITTER);
		assertThat(invariants.runCount()).isPositive();
		assertThat(this.rejected).as("rejected").hasPositiveValue();
		assertThat(this.cancelled).as("cancelled").hasPositiveValue();
		assertThat(this.failed).as("failed").hasPositiveValue();
		// a worker's uncaught-exception handler may run after the pool reports
		// termination
		RecordedTasks.awaitFast().until(() -> this.uncaught.get() > 0);
	}

	@Test
	void threadPoolTasksKeepEveryRuleAcrossShutdown() throws Exception {
		ThreadPoolExecutor raw = this.engine.shutDownAfter(new ThreadPoolExecutor(3, 3, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(64), countingUncaught(), new ThreadPoolExecutor.AbortPolicy()));
		ExecutorService executor = AsyncExecutors.wrap(raw);
		LifecycleInvariants invariants = new LifecycleInvariants().enable();
		try {
			submitConcurrently(SUBMITTERS, TASKS_PER_SUBMITTER, (random, index) -> {
				if (index == TASKS_PER_SUBMITTER / 2 && random.nextInt(2) == 0) {
					executor.shutdown();
				}
				submitRandomTask(executor, random);
			});
			executor.shutdown();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			invariants.disable();
		}
		invariants.assertHeld();
		assertThat(this.rejected).as("rejected").hasPositiveValue();
	}

	@Test
	void scheduledTasksKeepEveryRuleAcrossShutdown() throws Exception {
		stressScheduler(false);
	}

	@Test
	void scheduledTasksKeepEveryRuleAcrossShutdownNow() throws Exception {
		stressScheduler(true);
	}

	private void stressScheduler(boolean now) throws Exception {
		ScheduledThreadPoolExecutor raw = this.engine
			.shutDownAfter(new ScheduledThreadPoolExecutor(3, countingUncaught()));
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(raw);
		LifecycleInvariants invariants = new LifecycleInvariants().enable();
		try {
			submitConcurrently(SUBMITTERS, TASKS_PER_SUBMITTER / 2, (random, index) -> {
				if (index == TASKS_PER_SUBMITTER / 4 && random.nextInt(2) == 0) {
					if (now) {
						scheduler.shutdownNow();
					}
					else {
						scheduler.shutdown();
					}
				}
				scheduleRandomTask(scheduler, random);
			});
			if (now) {
				scheduler.shutdownNow();
			}
			else {
				scheduler.shutdown();
			}
			assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			invariants.disable();
		}
		invariants.assertHeld();
		assertThat(invariants.count(ResourceTypes.TIMEOUT)).isPositive();
		assertThat(invariants.count(ResourceTypes.EXECUTOR_TASK)).isPositive();
		assertThat(this.rejected).as("rejected").hasPositiveValue();
		assertThat(this.cancelled).as("cancelled").hasPositiveValue();
	}

	private void submitRandomTask(ExecutorService executor, Random random) throws Exception {
		try {
			switch (random.nextInt(7)) {
				case 0 -> executor.execute(work(random));
				case 1 -> executor.execute(() -> {
					// a task submitted from a task: its trigger is that task
					try {
						executor.execute(Thread::yield);
					}
					catch (RejectedExecutionException ex) {
						this.rejected.incrementAndGet();
					}
				});
				case 2 -> executor.submit(callable(random));
				case 3 -> cancel(executor.submit(callable(random)), random);
				case 4 -> executor.invokeAll(List.of(callable(random), callable(random)), 200, TimeUnit.MILLISECONDS);
				case 5 -> invokeAny(executor, random);
				default -> {
					Future<?> future = executor.submit(work(random));
					if (random.nextInt(4) == 0) {
						cancel(future, random);
					}
				}
			}
		}
		catch (RejectedExecutionException ex) {
			this.rejected.incrementAndGet();
		}
	}

	private void invokeAny(ExecutorService executor, Random random) throws InterruptedException {
		try {
			executor.invokeAny(List.of(callable(random), callable(random)), 200, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			this.failed.incrementAndGet();
		}
	}

	private void scheduleRandomTask(ScheduledExecutorService scheduler, Random random) throws Exception {
		try {
			switch (random.nextInt(6)) {
				case 0 -> scheduler.schedule(work(random), random.nextInt(3), TimeUnit.MILLISECONDS);
				case 1 ->
					cancel(scheduler.schedule(callable(random), random.nextInt(3), TimeUnit.MILLISECONDS), random);
				case 2 -> periodic(scheduler, random, true);
				case 3 -> periodic(scheduler, random, false);
				case 4 -> scheduler.execute(work(random));
				default -> cancel(scheduler.submit(callable(random)), random);
			}
		}
		catch (RejectedExecutionException ex) {
			this.rejected.incrementAndGet();
		}
	}

	private void periodic(ScheduledExecutorService scheduler, Random random, boolean fixedRate) {
		int lastRun = 1 + random.nextInt(4);
		int ending = random.nextInt(3);
		AtomicInteger runs = new AtomicInteger();
		Runnable task = () -> {
			if (runs.incrementAndGet() == lastRun) {
				if (ending == 0) {
					((Future<?>) AsyncHooks.executionAsyncResource()).cancel(false);
				}
				else if (ending == 1) {
					throw new IllegalStateException("expected");
				}
			}
		};
		ScheduledFuture<?> future = fixedRate
				? scheduler.scheduleAtFixedRate(task, random.nextInt(2), 1, TimeUnit.MILLISECONDS)
				: scheduler.scheduleWithFixedDelay(task, random.nextInt(2), 1, TimeUnit.MILLISECONDS);
		if (ending == 2 && random.nextBoolean()) {
			cancel(future, random);
		}
	}

	private void cancel(Future<?> future, Random random) {
		if (future.cancel(random.nextBoolean())) {
			this.cancelled.incrementAndGet();
		}
	}

	private Runnable work(Random random) {
		boolean fails = random.nextInt(10) == 0;
		return () -> {
			if (fails) {
				throw new IllegalStateException("expected");
			}
			Thread.yield();
		};
	}

	private Callable<Integer> callable(Random random) {
		boolean fails = random.nextInt(10) == 0;
		int value = random.nextInt();
		return () -> {
			if (fails) {
				this.failed.incrementAndGet();
				throw new IllegalStateException("expected");
			}
			Thread.yield();
			return value;
		};
	}

	/**
	 * Run {@code action} {@code count} times on each of {@code threads} platform threads,
	 * started together, each with its own seeded {@link Random}; wait for all of them and
	 * rethrow the first failure.
	 * @param threads the number of threads
	 * @param count the calls per thread
	 * @param action what each call does
	 */
	static void submitConcurrently(int threads, int count, Submission action) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> submitters = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Random random = new Random(42 + t);
			Thread submitter = new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < count; i++) {
						action.submit(random, i);
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "submitter-" + t);
			submitter.start();
			submitters.add(submitter);
		}
		start.countDown();
		for (Thread submitter : submitters) {
			submitter.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(submitter.isAlive()).as("%s finished", submitter.getName()).isFalse();
		}
		assertThat(failure.get()).as("failure in a submitter").isNull();
	}

	/**
	 * One call of a submitting thread.
	 */
	@FunctionalInterface
	interface Submission {

		void submit(Random random, int index) throws Exception;

	}

}
