package dev.asynchooks.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static dev.asynchooks.concurrent.RecordedTasks.event;
import static dev.asynchooks.concurrent.RecordedTasks.idOf;
import static dev.asynchooks.concurrent.RecordedTasks.init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link AsyncTasks} and {@link TaskWrapper}: tasks made one at a time for executors that
 * are not wrapped, with the life of an executor task.
 */
class AsyncTasksTests {

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.checkEveryInitDestroyed(HookRecorder.start());

	@Test
	void taskIsOneExecutorTaskCreatedOnTheCallingThreadAndRunOnceInItsScope() throws Exception {
		ThreadPoolExecutor pool = this.engine.shutDownAfter(pool());
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicLong ranIn = new AtomicLong();
		AtomicReference<String> store = new AtomicReference<>();
		RunnableFuture<?> task = caller.runInAsyncScope(() -> storage.run("caller's", () -> AsyncTasks.task(() -> {
			ranIn.set(AsyncHooks.executionAsyncId());
			store.set(storage.getStore());
		})));
		caller.emitDestroy();
		long id = idOf(this.recorder, task);
		assertThat(init(this.recorder, task).type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(init(this.recorder, task).triggerAsyncId()).isEqualTo(caller.asyncId());
		assertThat(event(this.recorder, id, "init").thread()).isSameAs(Thread.currentThread());
		pool.execute(task);
		task.get(20, TimeUnit.SECONDS);
		awaitDestroy(this.recorder, id);
		assertThat(ranIn.get()).isEqualTo(id);
		assertThat(store.get()).isEqualTo("caller's");
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(event(this.recorder, id, "after").thread());
	}

	@Test
	void taskCancelledBeforeItRunsIsDestroyedInsideCancelOnTheCancellingThread() throws Exception {
		RunnableFuture<?> task = AsyncTasks.task((Runnable) () -> {
			throw new AssertionError("must not run");
		});
		long id = idOf(this.recorder, task);
		assertThat(task.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		assertThat(task.cancel(false)).isFalse();
		task.run();
		assertThat(task.isCancelled()).isTrue();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(task::get);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
	}

	@Test
	void whatARunnableTaskThrowsLeavesRunAfterDestroyAndCompletesItsFuture() {
		IllegalStateException failure = new IllegalStateException("expected");
		RunnableFuture<?> task = AsyncTasks.task((Runnable) () -> {
			throw failure;
		});
		long id = idOf(this.recorder, task);
		assertThatIllegalStateException().isThrownBy(task::run).isSameAs(failure);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(task::get).withCause(failure);
	}

	@Test
	void callableTaskKeepsItsValueAndItsExceptionInTheFuture() throws Exception {
		RunnableFuture<String> value = AsyncTasks.task(() -> "value");
		RunnableFuture<String> failing = AsyncTasks.task((Callable<String>) () -> {
			throw new IllegalStateException("expected");
		});
		value.run();
		failing.run();
		assertThat(value.get()).isEqualTo("value");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(failing::get)
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(this.recorder.namesFor(idOf(this.recorder, value))).containsExactly("init", "before", "after",
				"destroy");
		assertThat(this.recorder.namesFor(idOf(this.recorder, failing))).containsExactly("init", "before", "after",
				"destroy");
	}

	@Test
	void taskOfAFutureForwardsToItAndCancelsIt() {
		FutureTask<String> future = new FutureTask<>(() -> "value");
		RunnableFuture<String> task = AsyncTasks.task(future);
		long id = idOf(this.recorder, task);
		assertThat(task.cancel(true)).isTrue();
		assertThat(future.isCancelled()).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
	}

	@Test
	void wrappingIsIdempotent() {
		RunnableFuture<?> task = AsyncTasks.task(() -> {
		});
		assertThat(AsyncTasks.isTask(task)).isTrue();
		assertThat(AsyncTasks.wrapper().wrap(task)).isSameAs(task);
		assertThat(AsyncTasks.isTask((Runnable) () -> {
		})).isFalse();
		task.cancel(false);
	}

	@Test
	void wrapperMakesADelayedScheduledTaskATimeoutAndAnyOtherRunnableAnExecutorTask() {
		ScheduledThreadPoolExecutor raw = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1));
		Runnable delayed = (Runnable) raw.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		Runnable timeout = AsyncTasks.wrapper().wrap(delayed);
		Runnable task = AsyncTasks.wrapper().wrap(() -> {
		});
		assertThat(init(this.recorder, timeout).type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(init(this.recorder, task).type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(AsyncTasks.wrapper().withScheduledTasks(false).wrap(delayed)).isSameAs(delayed);
		assertThat(((Future<?>) timeout).cancel(false)).isTrue();
		assertThat(((Future<?>) task).cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(idOf(this.recorder, timeout))).containsExactly("init", "destroy");
		assertThat(this.recorder.namesFor(idOf(this.recorder, task))).containsExactly("init", "destroy");
	}

	@Test
	void wrapperTurnsEitherKindOffAndDescribesExecutorTasks() {
		TaskWrapper wrapper = AsyncTasks.wrapper().withDescriptions((runnable) -> "described");
		Runnable runnable = () -> {
		};
		Runnable task = wrapper.wrap(runnable);
		assertThat(((DescribedResource) task).asyncDescription()).isEqualTo("described");
		((Future<?>) task).cancel(false);
		assertThat(wrapper.withExecutorTasks(false).wrap(runnable)).isSameAs(runnable);
		assertThatNullPointerException().isThrownBy(() -> wrapper.wrap(null)).withMessage("'task' must not be null");
	}

	@Test
	void timeoutOfAScheduledThreadPoolExecutorsTaskIsOneResourceForAllItsRunsAndCancelDestroysIt() throws Exception {
		ScheduledThreadPoolExecutor scheduler = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1) {

			@Override
			protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
				return AsyncTasks.timeout(task);
			}

		});
		CountDownLatch threeRuns = new CountDownLatch(3);
		ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(threeRuns::countDown, 0, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, periodic);
		assertThat(threeRuns.await(20, TimeUnit.SECONDS)).isTrue();
		periodic.cancel(false);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).startsWith("init", "before", "after", "before", "after", "before",
				"after");
		assertThat(this.recorder.namesFor(id).stream().filter("destroy"::equals)).hasSize(1);
		ScheduledFuture<?> delayed = scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		long delayedId = idOf(this.recorder, delayed);
		assertThat(delayed.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(delayedId)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, delayedId, "destroy").thread()).isSameAs(Thread.currentThread());
	}

	@Test
	void timeoutWhoseTaskIsCancelledBehindItsBackIsDestroyedWithoutARunWhenTheExecutorDiscardsIt() {
		AtomicReference<RunnableScheduledFuture<?>> inner = new AtomicReference<>();
		ScheduledThreadPoolExecutor scheduler = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1) {

			@Override
			protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
				inner.set(task);
				return AsyncTasks.timeout(task);
			}

		});
		// the only worker is busy until the delayed task has been cancelled
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		scheduler.execute(() -> {
			busy.countDown();
			awaitQuietly(release);
		});
		awaitQuietly(busy);
		ScheduledFuture<?> timeout = scheduler.schedule((Runnable) () -> {
			throw new AssertionError("cancelled");
		}, 1, TimeUnit.MILLISECONDS);
		long id = idOf(this.recorder, timeout);
		assertThat(inner.get().cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init");
		release.countDown();
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isNotSameAs(Thread.currentThread());
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ThreadPoolExecutor pool() {
		return (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
	}

}
