package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.AsyncTasks;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent and the library's own wrappers together: a task is one resource, never two.
 */
class OneResourcePerTaskTests {

	private final HookEvents events = HookEvents.start();

	// every task of a test is submitted inside this resource, so its inits are told
	// apart from those of other threads (Awaitility's polling tasks)
	private final AsyncResource submitter = new AsyncResource("SUBMITTER");

	@AfterEach
	void close() {
		this.submitter.emitDestroy();
		this.events.close();
	}

	@Test
	void aWrappedThreadPoolGivesOneExecutorTaskPerTask() throws Exception {
		ExecutorService pool = AsyncExecutors.wrap(Executors.newFixedThreadPool(2));
		try {
			CountDownLatch done = new CountDownLatch(2);
			this.submitter.runInAsyncScope(() -> {
				pool.execute(done::countDown);
				pool.submit(done::countDown);
			});
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertOneResourceEach(ResourceTypes.EXECUTOR_TASK, 2);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void aWrappedForkJoinPoolGivesOneExecutorTaskPerTask() throws Exception {
		ExecutorService pool = AsyncExecutors.wrap(new ForkJoinPool(2));
		try {
			CountDownLatch done = new CountDownLatch(2);
			this.submitter.runInAsyncScope(() -> {
				pool.execute(done::countDown);
				pool.submit(done::countDown);
			});
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertOneResourceEach(ResourceTypes.EXECUTOR_TASK, 2);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void aWrappedSchedulerGivesOneResourcePerTask() throws Exception {
		ScheduledExecutorService scheduler = AsyncExecutors.wrap(new ScheduledThreadPoolExecutor(1));
		try {
			CountDownLatch done = new CountDownLatch(2);
			this.submitter.runInAsyncScope(() -> {
				scheduler.execute(done::countDown);
				scheduler.schedule(done::countDown, 1, TimeUnit.MILLISECONDS);
			});
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertOneResourceEach(ResourceTypes.EXECUTOR_TASK, 1);
			assertOneResourceEach(ResourceTypes.TIMEOUT, 1);
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void aTaskWrappedByTheTaskWrapperOnARawPoolIsOneExecutorTask() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		ExecutorService forkJoin = new ForkJoinPool(1);
		try {
			CountDownLatch done = new CountDownLatch(2);
			this.submitter.runInAsyncScope(() -> {
				pool.execute(AsyncTasks.wrapper().wrap(done::countDown));
				forkJoin.execute(AsyncTasks.wrapper().wrap(done::countDown));
			});
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertOneResourceEach(ResourceTypes.EXECUTOR_TASK, 2);
		}
		finally {
			pool.shutdown();
			forkJoin.shutdown();
		}
	}

	@Test
	void aTrackedCompletableFutureOnAPlainPoolIsOnePromiseAndNoExecutorTask() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		try {
			CompletableFuture<String> onPool = this.submitter
				.runInAsyncScope(() -> TrackedCompletableFuture.supplyAsync(() -> "pool", pool));
			CompletableFuture<String> onCommonPool = this.submitter
				.runInAsyncScope(() -> TrackedCompletableFuture.supplyAsync(() -> "common"));
			assertThat(onPool.get(10, TimeUnit.SECONDS)).isEqualTo("pool");
			assertThat(onCommonPool.get(10, TimeUnit.SECONDS)).isEqualTo("common");
			assertThat(submitted(ResourceTypes.PROMISE)).hasSize(2);
			assertThat(submitted(ResourceTypes.EXECUTOR_TASK)).isEmpty();
		}
		finally {
			pool.shutdown();
		}
	}

	private void assertOneResourceEach(String type, int count) {
		await().until(() -> submitted(type).stream()
			.allMatch((init) -> this.events.namesOf(init.asyncId()).contains("destroy")));
		List<HookEvents.Event> inits = submitted(type);
		assertThat(inits).hasSize(count);
		assertThat(inits).allSatisfy((init) -> assertThat(this.events.namesOf(init.asyncId())).containsExactly("init",
				"before", "after", "destroy"));
		// no resource of another type inside: each task's run is the only scope
		assertThat(this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
			.stream()
			.filter((init) -> inits.stream().anyMatch((task) -> init.triggerAsyncId() == task.asyncId()))).isEmpty();
	}

	private List<HookEvents.Event> submitted(String type) {
		return this.events.initsOf(type)
			.stream()
			.filter((init) -> init.executionAsyncId() == this.submitter.asyncId())
			.toList();
	}

}
