package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static dev.asynchooks.concurrent.RecordedTasks.event;
import static dev.asynchooks.concurrent.RecordedTasks.idOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link AsyncExecutors} around {@code Executors.newVirtualThreadPerTaskExecutor()} and a
 * scheduler with virtual worker threads. The project compiles for Java 17, so the JDK 21
 * API is reached by reflection; on an older JDK every test is skipped.
 */
@Tag("virtual-threads")
class VirtualThreadAsyncExecutorsTests {

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(new HookRecorder());

	@BeforeEach
	void requireVirtualThreads() {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
	}

	static ExecutorService newVirtualThreadPerTaskExecutor() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ThreadFactory virtualThreadFactory() {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ExecutorService virtual() {
		return AsyncExecutors.wrap(this.engine.shutDownAfter(newVirtualThreadPerTaskExecutor()));
	}

	private void start() {
		this.recorder.hook().enable();
	}

	@Test
	void submittedTaskRunsOnAVirtualThreadInsideItsResource() throws Exception {
		ExecutorService executor = virtual();
		start();
		AsyncResource outer = new AsyncResource("OUTER");
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		Future<Long> future = outer.callInAsyncScope(() -> executor.submit(() -> {
			ranOn.set(Thread.currentThread());
			return AsyncHooks.triggerAsyncId();
		}));
		assertThat(future.get()).isEqualTo(outer.asyncId());
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.lines((event) -> event.asyncId() == id)).containsExactly(
				"init EXECUTOR_TASK " + id + " trigger=" + outer.asyncId() + " eid=" + outer.asyncId(), "before " + id,
				"after " + id, "destroy " + id);
		assertThat(isVirtual(ranOn.get())).isTrue();
		assertThat(event(this.recorder, id, "before").thread()).isSameAs(ranOn.get());
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(ranOn.get());
		outer.emitDestroy();
	}

	@Test
	void executedTaskRunsOnAVirtualThreadInsideItsResource() {
		ExecutorService executor = virtual();
		start();
		CountDownLatch ran = new CountDownLatch(1);
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		executor.execute(() -> {
			ranOn.set(Thread.currentThread());
			ran.countDown();
		});
		long id = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0).asyncId();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(isVirtual(ranOn.get())).isTrue();
	}

	@Test
	void thousandsOfTasksEachSeeOnlyTheStoreOfTheirSubmitter() throws Exception {
		ExecutorService executor = virtual();
		start();
		List<Future<String>> futures = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String store = (i % 7 == 0) ? null : "store-" + i;
			futures.add(storage.run(store, () -> executor.submit(() -> {
				Thread.yield();
				return storage.getStore();
			})));
		}
		for (int i = 0; i < futures.size(); i++) {
			assertThat(futures.get(i).get()).as("task %d", i).isEqualTo((i % 7 == 0) ? null : "store-" + i);
		}
		RecordedTasks.awaitEveryInitDestroyed(this.recorder);
	}

	@Test
	void taskSubmittedFromAVirtualThreadTaskHasThatTaskAsTrigger() throws Exception {
		ExecutorService executor = virtual();
		start();
		Future<Future<Long>> outer = executor.submit(() -> executor.submit(AsyncHooks::triggerAsyncId));
		Future<Long> inner = outer.get();
		long outerId = idOf(this.recorder, outer);
		assertThat(inner.get()).isEqualTo(outerId);
		assertThat(RecordedTasks.init(this.recorder, inner).triggerAsyncId()).isEqualTo(outerId);
		awaitDestroy(this.recorder, idOf(this.recorder, inner));
		awaitDestroy(this.recorder, outerId);
	}

	@Test
	void cancelWithInterruptDestroysAfterTheRun() throws Exception {
		ExecutorService executor = virtual();
		start();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		Future<?> future = executor.submit(() -> {
			started.countDown();
			never.await();
			return null;
		});
		started.await();
		assertThat(future.cancel(true)).isTrue();
		long id = idOf(this.recorder, future);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void taskSubmittedAfterShutdownIsRejectedAndDestroyed() {
		ExecutorService executor = virtual();
		executor.shutdown();
		start();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute(() -> {
		}));
		long id = this.recorder.inits(ResourceTypes.EXECUTOR_TASK).get(0).asyncId();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
	}

	@Test
	void invokeAllAndInvokeAnyTrackEachTask() throws Exception {
		ExecutorService executor = virtual();
		start();
		List<Callable<Long>> tasks = List.of(AsyncHooks::executionAsyncId, AsyncHooks::executionAsyncId);
		List<Future<Long>> futures = executor.invokeAll(tasks);
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(futures.get(0).get()).isEqualTo(inits.get(0).asyncId());
		assertThat(futures.get(1).get()).isEqualTo(inits.get(1).asyncId());
		long any = executor.invokeAny(tasks);
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK)).hasSize(4)
			.extracting(Event::asyncId)
			.contains(any);
		RecordedTasks.awaitEveryInitDestroyed(this.recorder);
	}

	@Test
	void shutdownNowInterruptsRunningTasksWhichAreDestroyedAfterTheirRun() throws Exception {
		ExecutorService executor = virtual();
		start();
		CountDownLatch started = new CountDownLatch(3);
		CountDownLatch never = new CountDownLatch(1);
		for (int i = 0; i < 3; i++) {
			executor.execute(() -> {
				started.countDown();
				AsyncExecutorsTests.awaitQuietly(never);
			});
		}
		started.await();
		assertThat(executor.shutdownNow()).isEmpty();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK);
		assertThat(inits).hasSize(3).allSatisfy((init) -> {
			awaitDestroy(this.recorder, init.asyncId());
			assertThat(this.recorder.namesFor(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		});
	}

	@Test
	void closeWaitsForTheTasksAndEveryTaskIsDestroyed() throws Exception {
		ExecutorService executor = virtual();
		start();
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			executor.execute(ran::incrementAndGet);
		}
		// ExecutorService is AutoCloseable from JDK 19: close() = shutdown + await
		((AutoCloseable) executor).close();
		assertThat(ran).hasValue(100);
		assertThat(executor.isTerminated()).isTrue();
		RecordedTasks.awaitEveryInitDestroyed(this.recorder);
	}

	@Test
	void schedulerWithVirtualWorkersRunsPeriodicTasksAsOneTimeout() {
		ScheduledExecutorService scheduler = AsyncExecutors
			.wrap(this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1, virtualThreadFactory())));
		start();
		AtomicInteger runs = new AtomicInteger();
		List<Boolean> virtualRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
		ScheduledFuture<?> periodic = storage.run("scheduled", () -> scheduler.scheduleWithFixedDelay(() -> {
			virtualRuns.add(isVirtual(Thread.currentThread()) && "scheduled".equals(storage.getStore()));
			if (runs.incrementAndGet() == 3) {
				((Future<?>) AsyncHooks.executionAsyncResource()).cancel(false);
			}
		}, 0, 1, TimeUnit.MILLISECONDS));
		long id = idOf(this.recorder, periodic);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "before", "after", "before",
				"after", "destroy");
		assertThat(virtualRuns).containsExactly(true, true, true);
	}

	@Test
	void manyThreadsSubmittingToVirtualThreadsKeepEveryLifecycleRule() throws Exception {
		ExecutorService executor = virtual();
		LifecycleInvariants invariants = new LifecycleInvariants().enable();
		try {
			ExecutorStressTests.submitConcurrently(4, 1000, (random, index) -> {
				int choice = random.nextInt(4);
				if (choice == 0) {
					executor.execute(() -> {
						try {
							executor.execute(Thread::yield);
						}
						catch (RejectedExecutionException ex) {
							// submitted after shutdown(): destroyed, as checked below
						}
					});
				}
				else if (choice == 1) {
					executor.submit(() -> {
						throw new IllegalStateException("expected");
					});
				}
				else if (choice == 2) {
					executor.submit(() -> Thread.yield()).cancel(random.nextBoolean());
				}
				else {
					executor.invokeAll(List.of(() -> 1, () -> 2));
				}
			});
			executor.shutdown();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			invariants.disable();
		}
		invariants.assertHeld();
		assertThat(invariants.initCount()).isGreaterThanOrEqualTo(4000);
	}

}
