package dev.asynchooks.agent;

import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Timer} under the agent: each {@link TimerTask} is one {@code Timeout}.
 */
class TimerTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final HookEvents events = HookEvents.start();

	private final Timer timer = new Timer("timer-tests", true);

	@AfterEach
	void close() {
		this.timer.cancel();
		this.events.close();
	}

	@Test
	void aOneShotTaskIsATimeoutDestroyedAfterItsRun() throws InterruptedException {
		CountDownLatch ran = new CountDownLatch(1);
		AtomicLong executionAsyncId = new AtomicLong();
		List<String> stores = new CopyOnWriteArrayList<>();
		TimerTask task = new TimerTask() {

			@Override
			public void run() {
				stores.add(TimerTests.this.requestId.getStore());
				executionAsyncId.set(AsyncHooks.executionAsyncId());
				ran.countDown();
			}

		};
		this.requestId.run("req", () -> this.timer.schedule(task, 1));
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		HookEvents.Event init = this.events.initOf(task);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(stores).containsExactly("req");
		assertThat(executionAsyncId).hasValue(init.asyncId());
	}

	@Test
	void aPeriodicTaskHasARunPerPeriodAndIsDestroyedInsideCancel() {
		AtomicLong runs = new AtomicLong();
		TimerTask task = new TimerTask() {

			@Override
			public void run() {
				runs.incrementAndGet();
			}

		};
		this.timer.schedule(task, 0, 1);
		await().until(() -> runs.get() >= 3);
		HookEvents.Event init = this.events.initOf(task);
		// cancelled from this thread, maybe while it runs: destroyed inside cancel() or
		// right after that run
		task.cancel();
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		List<String> names = this.events.namesOf(init.asyncId());
		assertThat(names.get(names.size() - 1)).isEqualTo("destroy");
		List<String> runEvents = names.subList(1, names.size() - 1);
		assertThat(runEvents.size()).isEven().isGreaterThanOrEqualTo(6);
		for (int i = 0; i < runEvents.size(); i += 2) {
			assertThat(runEvents.subList(i, i + 2)).containsExactly("before", "after");
		}
	}

	@Test
	void aQueuedTaskCancelledIsDestroyedInsideCancel() {
		TimerTask task = new TimerTask() {

			@Override
			public void run() {
			}

		};
		this.timer.schedule(task, TimeUnit.HOURS.toMillis(1));
		long asyncId = this.events.initOf(task).asyncId();
		assertThat(task.cancel()).isTrue();
		assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
		this.timer.purge();
		assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
	}

	@Test
	void timerCancelDestroysEveryQueuedTaskBeforeItReturns() {
		TimerTask first = new TimerTask() {

			@Override
			public void run() {
			}

		};
		TimerTask second = new TimerTask() {

			@Override
			public void run() {
			}

		};
		this.timer.schedule(first, TimeUnit.HOURS.toMillis(1));
		this.timer.schedule(second, TimeUnit.HOURS.toMillis(2), 1000);
		long firstId = this.events.initOf(first).asyncId();
		long secondId = this.events.initOf(second).asyncId();
		this.timer.cancel();
		assertThat(this.events.namesOf(firstId)).containsExactly("init", "destroy");
		assertThat(this.events.namesOf(secondId)).containsExactly("init", "destroy");
	}

	@Test
	void theTimersThreadIsNoResource() {
		assertThat(this.events.initsOf(ResourceTypes.THREAD))
			.noneMatch((event) -> event.resource() instanceof Thread thread && thread.getName().equals("timer-tests"));
	}

}
