package dev.asynchooks.concurrent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
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

/**
 * {@link DeferredTask}: a one-shot task created before its work is handed over (a Spring
 * {@code @Async} invocation), whose run is the executor's task even when an extension
 * point of the executor wraps it.
 */
class DeferredTaskTests {

	private static final Object METHOD = new Object();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.checkEveryInitDestroyed(HookRecorder.start());

	/**
	 * A pool that wraps each runnable it queues, as Spring's
	 * {@code ThreadPoolTaskExecutor} applies its {@code TaskDecorator}.
	 */
	private ThreadPoolExecutor decoratedPool(int queueCapacity) {
		TaskWrapper wrapper = AsyncTasks.wrapper();
		return this.engine.shutDownAfter(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, (queueCapacity > 0)
				? new LinkedBlockingQueue<>(queueCapacity) : new java.util.concurrent.SynchronousQueue<>()) {

			@Override
			public void execute(Runnable command) {
				super.execute(wrapper.wrap(command));
			}

		});
	}

	@Test
	void workSubmittedThroughTheTaskIsItsOneRunNotAnExecutorTask() throws Exception {
		ThreadPoolExecutor pool = decoratedPool(10);
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicLong ranIn = new AtomicLong();
		AtomicReference<Object> resource = new AtomicReference<>();
		DeferredTask task = caller.runInAsyncScope(() -> DeferredTask.create("ASYNC_METHOD", METHOD));
		caller.emitDestroy();
		Future<?> future = task.submit(() -> pool.submit(() -> {
			ranIn.set(AsyncHooks.executionAsyncId());
			resource.set(AsyncHooks.executionAsyncResource());
		}));
		future.get(20, TimeUnit.SECONDS);
		long id = idOf(this.recorder, METHOD);
		awaitDestroy(this.recorder, id);
		assertThat(id).isEqualTo(task.asyncId());
		assertThat(init(this.recorder, METHOD).type()).isEqualTo("ASYNC_METHOD");
		assertThat(init(this.recorder, METHOD).triggerAsyncId()).isEqualTo(caller.asyncId());
		assertThat(ranIn.get()).isEqualTo(id);
		assertThat(resource.get()).isSameAs(METHOD);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK)).isEmpty();
	}

	@Test
	void handedOverWorkCancelledBeforeItRunsDestroysTheTaskInsideCancel() throws Exception {
		ThreadPoolExecutor pool = decoratedPool(10);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		pool.execute(() -> {
			started.countDown();
			awaitQuietly(release);
		});
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		DeferredTask task = DeferredTask.create("ASYNC_METHOD", METHOD);
		Future<?> future = task.submit(() -> pool.submit(() -> {
			throw new AssertionError("must not run");
		}));
		for (Runnable queued : pool.getQueue()) {
			assertThat(((Future<?>) queued).cancel(false)).isTrue();
		}
		assertThat(future.isCancelled()).isTrue();
		assertThat(this.recorder.namesFor(task.asyncId())).containsExactly("init", "destroy");
		assertThat(event(this.recorder, task.asyncId(), "destroy").thread()).isSameAs(Thread.currentThread());
		release.countDown();
	}

	@Test
	void rejectedSubmissionDestroysTheTaskOnTheSubmittingThread() throws Exception {
		ThreadPoolExecutor pool = decoratedPool(0);
		CountDownLatch release = new CountDownLatch(1);
		pool.execute(() -> awaitQuietly(release));
		DeferredTask task = DeferredTask.create("ASYNC_METHOD", METHOD);
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> task.submit(() -> pool.submit(() -> {
			})));
		assertThat(this.recorder.namesFor(task.asyncId())).containsExactly("init", "destroy");
		assertThat(event(this.recorder, task.asyncId(), "destroy").thread()).isSameAs(Thread.currentThread());
		release.countDown();
	}

	@Test
	void workCalledInsideTheRunRunsInPlaceAndAfterTheEndWithoutTheTask() throws Exception {
		DeferredTask task = DeferredTask.create("ASYNC_METHOD", null);
		AtomicLong inner = new AtomicLong();
		long outer = task.call(() -> {
			inner.set(task.call(AsyncHooks::executionAsyncId));
			return AsyncHooks.executionAsyncId();
		});
		assertThat(outer).isEqualTo(task.asyncId());
		assertThat(inner.get()).isEqualTo(task.asyncId());
		assertThat(task.call(AsyncHooks::executionAsyncId)).isEqualTo(1);
		AtomicLong ranIn = new AtomicLong();
		task.run(() -> ranIn.set(AsyncHooks.executionAsyncId()));
		assertThat(ranIn.get()).isEqualTo(1);
		assertThat(this.recorder.namesFor(task.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
