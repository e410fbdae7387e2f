package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain {@link ScheduledThreadPoolExecutor} under the agent: zero-delay
 * {@code execute}/{@code submit} are {@code EXECUTOR_TASK}s, every {@code schedule*} a
 * {@code Timeout}.
 */
class ScheduledThreadPoolExecutorTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final HookEvents events = HookEvents.start();

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	@AfterEach
	void close() throws InterruptedException {
		this.scheduler.shutdownNow();
		assertThat(this.scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.events.close();
	}

	@Test
	void executeAndSubmitAreExecutorTasks() throws Exception {
		AtomicReference<String> seen = new AtomicReference<>();
		Runnable task = () -> seen.set(this.requestId.getStore());
		Future<String> submitted = this.requestId.call("req", () -> {
			this.scheduler.execute(task);
			return this.scheduler.submit(() -> this.requestId.getStore());
		});
		assertThat(submitted.get(10, TimeUnit.SECONDS)).isEqualTo("req");
		HookEvents.Event executed = this.events.initOf(task);
		HookEvents.Event future = this.events.initOf(submitted);
		await().until(() -> this.events.namesOf(executed.asyncId()).contains("destroy")
				&& this.events.namesOf(future.asyncId()).contains("destroy"));
		assertThat(executed.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(future.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(seen).hasValue("req");
		assertThat(this.events.namesOf(executed.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(this.events.namesOf(future.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void scheduleWithZeroDelayIsATimeout() throws Exception {
		ScheduledFuture<String> future = this.requestId.call("req",
				() -> this.scheduler.schedule(() -> this.requestId.getStore(), 0, TimeUnit.SECONDS));
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("req");
		HookEvents.Event init = this.events.initOf(future);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void aPeriodicTaskIsOneTimeoutWithARunPerPeriodDestroyedWhenCancelled() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		List<String> stores = new java.util.concurrent.CopyOnWriteArrayList<>();
		ScheduledFuture<?> future = this.requestId.call("tick", () -> this.scheduler.scheduleAtFixedRate(() -> {
			stores.add(this.requestId.getStore());
			runs.incrementAndGet();
		}, 0, 1, TimeUnit.MILLISECONDS));
		await().until(() -> runs.get() >= 3);
		assertThat(future.cancel(false)).isTrue();
		HookEvents.Event init = this.events.initOf(future);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		List<String> names = this.events.namesOf(init.asyncId());
		assertThat(init.type()).isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(names.get(0)).isEqualTo("init");
		assertThat(names.get(names.size() - 1)).isEqualTo("destroy");
		List<String> runEvents = names.subList(1, names.size() - 1);
		assertThat(runEvents.size()).isEven().isGreaterThanOrEqualTo(6);
		for (int i = 0; i < runEvents.size(); i += 2) {
			assertThat(runEvents.subList(i, i + 2)).containsExactly("before", "after");
		}
		assertThat(stores).containsOnly("tick");
	}

	@Test
	void aDelayedTaskCancelledIsDestroyedInsideCancel() {
		ScheduledFuture<?> future = this.scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		long asyncId = this.events.initOf(future).asyncId();
		assertThat(this.events.namesOf(asyncId)).containsExactly("init");
		assertThat(future.cancel(false)).isTrue();
		assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
	}

	@Test
	void shutdownNowDestroysTheDelayedTasksItDrops() {
		ScheduledFuture<?> future = this.scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		long asyncId = this.events.initOf(future).asyncId();
		List<Runnable> dropped = this.scheduler.shutdownNow();
		assertThat(dropped).containsExactly((Runnable) future);
		assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
	}

	@Test
	void shutdownDestroysThePeriodicTasksItCancels() throws InterruptedException {
		CountDownLatch ran = new CountDownLatch(1);
		ScheduledFuture<?> future = this.scheduler.scheduleWithFixedDelay(ran::countDown, 1, 1, TimeUnit.HOURS);
		long asyncId = this.events.initOf(future).asyncId();
		this.scheduler.shutdown();
		assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
		assertThat(future.isCancelled()).isTrue();
	}

}
