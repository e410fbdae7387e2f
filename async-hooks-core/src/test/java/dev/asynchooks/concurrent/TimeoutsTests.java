package dev.asynchooks.concurrent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.asynchooks.AsyncHooks;
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

/**
 * {@link Timeouts} and {@link Timeout}: a registration with a scheduler as one
 * {@code Timeout} resource for all its runs, destroyed per rule 10.
 */
class TimeoutsTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.checkEveryInitDestroyed(HookRecorder.start());

	private final Timeouts timeouts = new Timeouts();

	private ScheduledThreadPoolExecutor scheduler() {
		return this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1));
	}

	@Test
	void oneShotTimeoutIsCreatedOnTheRegisteringThreadRunsInItsScopeAndEndsAfterItsRun() throws Exception {
		ScheduledThreadPoolExecutor scheduler = scheduler();
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicLong ranIn = new AtomicLong();
		Timeout timeout = caller
			.runInAsyncScope(() -> this.timeouts.once(() -> ranIn.set(AsyncHooks.executionAsyncId())));
		caller.emitDestroy();
		ScheduledFuture<?> future = timeout.schedule(() -> scheduler.schedule(timeout, 0, TimeUnit.MILLISECONDS));
		assertThat((Object) future).isSameAs(timeout);
		long id = idOf(this.recorder, timeout);
		assertThat(init(this.recorder, timeout).type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(init(this.recorder, timeout).triggerAsyncId()).isEqualTo(caller.asyncId());
		future.get(20, TimeUnit.SECONDS);
		awaitDestroy(this.recorder, id);
		assertThat(ranIn.get()).isEqualTo(id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void timeoutCancelledBeforeItRunsIsDestroyedInsideCancelOnTheCancellingThread() throws Exception {
		ScheduledThreadPoolExecutor scheduler = scheduler();
		Timeout timeout = this.timeouts.once(() -> {
			throw new AssertionError("must not run");
		});
		ScheduledFuture<?> future = timeout.schedule(() -> scheduler.schedule(timeout, 1, TimeUnit.HOURS));
		long id = idOf(this.recorder, timeout);
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
		assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		assertThat(future.isCancelled()).isTrue();
		assertThat(future.cancel(false)).isFalse();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
	}

	@Test
	void repeatingTimeoutHasOnePairPerRunAndIsDestroyedOnceWhenCancelled() throws Exception {
		ScheduledThreadPoolExecutor scheduler = scheduler();
		CountDownLatch threeRuns = new CountDownLatch(3);
		Timeout timeout = this.timeouts.repeating(threeRuns::countDown);
		ScheduledFuture<?> future = timeout
			.schedule(() -> scheduler.scheduleWithFixedDelay(timeout, 0, 1, TimeUnit.MILLISECONDS));
		long id = idOf(this.recorder, timeout);
		assertThat(threeRuns.await(20, TimeUnit.SECONDS)).isTrue();
		future.cancel(false);
		awaitDestroy(this.recorder, id);
		assertThat(this.recorder.namesFor(id)).startsWith("init", "before", "after", "before", "after", "before",
				"after");
		assertThat(this.recorder.namesFor(id)).endsWith("after", "destroy");
		assertThat(this.recorder.namesFor(id).stream().filter("destroy"::equals)).hasSize(1);
	}

	@Test
	void whatARepeatingRunThrowsDoesNotEndTheTimeout() {
		AtomicInteger runs = new AtomicInteger();
		Timeout timeout = this.timeouts.repeating(() -> {
			runs.incrementAndGet();
			throw new IllegalStateException("expected");
		});
		long id = idOf(this.recorder, timeout);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(timeout::run);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(timeout::run);
		assertThat(runs.get()).isEqualTo(2);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "before", "after");
		this.timeouts.endAll();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "before", "after", "destroy");
	}

	@Test
	void overlappingRunsOfARepeatingTimeoutRunInItsScopeAndItsDestroyComesAfterTheLast() throws Exception {
		CountDownLatch bothInside = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		List<Long> ranIn = new CopyOnWriteArrayList<>();
		Timeout timeout = this.timeouts.repeating(() -> {
			ranIn.add(AsyncHooks.executionAsyncId());
			bothInside.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		long id = timeout.asyncId();
		Thread first = new Thread(timeout);
		Thread second = new Thread(timeout);
		first.start();
		second.start();
		assertThat(bothInside.await(20, TimeUnit.SECONDS)).isTrue();
		timeout.emitDestroy();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "before");
		release.countDown();
		first.join();
		second.join();
		assertThat(ranIn).containsExactly(id, id);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "before", "after", "after", "destroy");
		timeout.run();
		assertThat(ranIn).containsExactly(id, id, 1L);
	}

	@Test
	void triggerWithNoNextRunEndsTheTimeout() {
		Timeout timeout = this.timeouts.repeating(() -> {
		});
		long id = idOf(this.recorder, timeout);
		assertThat(timeout.next(() -> "next")).isEqualTo("next");
		timeout.run();
		assertThat(timeout.<String>next(() -> null)).isNull();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void rejectedOrEmptyRegistrationIsDestroyedOnTheRegisteringThread() throws Exception {
		Timeout rejected = this.timeouts.once(() -> {
		});
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> rejected.schedule(() -> {
			throw new RejectedExecutionException("expected");
		}));
		Timeout empty = this.timeouts.repeating(() -> {
		});
		assertThat((Object) empty.schedule(() -> null)).isNull();
		for (Timeout timeout : new Timeout[] { rejected, empty }) {
			long id = idOf(this.recorder, timeout);
			assertThat(this.recorder.namesFor(id)).containsExactly("init", "destroy");
			assertThat(event(this.recorder, id, "destroy").thread()).isSameAs(Thread.currentThread());
		}
	}

	@Test
	void endAllEndsTheTimeoutsStillLiveAndOnlyThose() throws Exception {
		ScheduledThreadPoolExecutor scheduler = scheduler();
		Timeout done = this.timeouts.once(() -> {
		});
		done.schedule(() -> scheduler.schedule(done, 0, TimeUnit.MILLISECONDS)).get(20, TimeUnit.SECONDS);
		awaitDestroy(this.recorder, idOf(this.recorder, done));
		Timeout pending = this.timeouts.repeating(() -> {
		});
		pending.schedule(() -> scheduler.scheduleAtFixedRate(pending, 1, 1, TimeUnit.HOURS));
		this.timeouts.endAll();
		assertThat(this.recorder.namesFor(idOf(this.recorder, pending))).containsExactly("init", "destroy");
		assertThat(this.recorder.namesFor(idOf(this.recorder, done))).containsExactly("init", "before", "after",
				"destroy");
		// an ended timeout that the scheduler still runs runs its task without it
		AtomicLong ranIn = new AtomicLong(-1);
		Timeout ended = this.timeouts.once(() -> ranIn.set(AsyncHooks.executionAsyncId()));
		ended.emitDestroy();
		ended.run();
		assertThat(ranIn.get()).isEqualTo(1);
	}

	@Test
	void timeoutStandingForAnotherObjectRunsOtherWorkAsItsRuns() throws Exception {
		Object trigger = new Object();
		Timeout timeout = this.timeouts.repeating(() -> {
		}, trigger);
		long id = timeout.asyncId();
		assertThat(idOf(this.recorder, trigger)).isEqualTo(id);
		assertThat(init(this.recorder, trigger).type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(timeout.call(AsyncHooks::executionAsyncResource)).isSameAs(trigger);
		assertThat(timeout.call(AsyncHooks::executionAsyncId)).isEqualTo(id);
		timeout.emitDestroy();
		assertThat(timeout.call(AsyncHooks::executionAsyncId)).isEqualTo(1);
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "before", "after", "destroy");
	}

	@Test
	void timeoutsDescribeTheirTaskWhenGivenADescription() {
		Timeouts described = new Timeouts((task) -> "every hour");
		Timeout timeout = described.repeating(() -> {
		});
		assertThat(((DescribedResource) timeout).asyncDescription()).isEqualTo("every hour");
		assertThat(this.timeouts.once(() -> {
		}).asyncDescription()).isNull();
		described.endAll();
		this.timeouts.endAll();
	}

	@Test
	void aTaskWrappedWhileTheTimeoutIsScheduledIsItsRunNotAResourceOfItsOwn() throws Exception {
		TaskWrapper wrapper = AsyncTasks.wrapper();
		ScheduledThreadPoolExecutor scheduler = this.engine.shutDownAfter(new ScheduledThreadPoolExecutor(1) {

			@Override
			protected <V> java.util.concurrent.RunnableScheduledFuture<V> decorateTask(Runnable runnable,
					java.util.concurrent.RunnableScheduledFuture<V> task) {
				Runnable wrapped = wrapper.wrap(task);
				return (wrapped == task) ? task : new Decorated<>(task, wrapped);
			}

		});
		AtomicLong ranIn = new AtomicLong();
		Timeout timeout = this.timeouts.once(() -> ranIn.set(AsyncHooks.executionAsyncId()));
		timeout.schedule(() -> scheduler.schedule(timeout, 0, TimeUnit.MILLISECONDS)).get(20, TimeUnit.SECONDS);
		long id = idOf(this.recorder, timeout);
		awaitDestroy(this.recorder, id);
		assertThat(ranIn.get()).isEqualTo(id);
		assertThat(this.recorder.inits(ResourceTypes.TIMEOUT)).hasSize(1);
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK)).isEmpty();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
	}

	/**
	 * What Spring's {@code ThreadPoolTaskScheduler} does with its {@code TaskDecorator}:
	 * the executor's task, run through the decorated runnable.
	 */
	private record Decorated<V>(java.util.concurrent.RunnableScheduledFuture<V> task,
			Runnable decorated) implements java.util.concurrent.RunnableScheduledFuture<V> {

		@Override
		public void run() {
			this.decorated.run();
		}

		@Override
		public boolean isPeriodic() {
			return this.task.isPeriodic();
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return this.task.getDelay(unit);
		}

		@Override
		public int compareTo(java.util.concurrent.Delayed other) {
			return this.task.compareTo((other instanceof Decorated<?> decorated) ? decorated.task : other);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			return this.task.cancel(mayInterruptIfRunning);
		}

		@Override
		public boolean isCancelled() {
			return this.task.isCancelled();
		}

		@Override
		public boolean isDone() {
			return this.task.isDone();
		}

		@Override
		public V get() throws InterruptedException, java.util.concurrent.ExecutionException {
			return this.task.get();
		}

		@Override
		public V get(long timeout, TimeUnit unit) throws InterruptedException, java.util.concurrent.ExecutionException,
				java.util.concurrent.TimeoutException {
			return this.task.get(timeout, unit);
		}

	}

}
