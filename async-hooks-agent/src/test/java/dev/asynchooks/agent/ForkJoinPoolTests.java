package dev.asynchooks.agent;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ForkJoinPool} under the agent: external submissions and forks are
 * {@code EXECUTOR_TASK}s.
 */
class ForkJoinPoolTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final HookEvents events = HookEvents.start();

	@AfterEach
	void close() {
		this.events.close();
	}

	@Test
	void aTaskSubmittedToTheCommonPoolIsAnExecutorTask() throws Exception {
		ForkJoinTask<String> task = this.requestId.call("req",
				() -> ForkJoinPool.commonPool().submit(() -> this.requestId.getStore()));
		assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo("req");
		HookEvents.Event init = this.events.initOf(task);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void supplyAsyncOnTheDefaultExecutorIsAnExecutorTask() throws Exception {
		CompletableFuture<String> future = this.requestId.call("cf",
				() -> CompletableFuture.supplyAsync(() -> this.requestId.getStore()));
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("cf");
		await().until(() -> this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
			.stream()
			.anyMatch((event) -> this.events.namesOf(event.asyncId()).contains("destroy")));
	}

	@Test
	void everyForkOfARecursiveTaskIsAnExecutorTaskTriggeredByItsParentAndCarriesTheStore() throws Exception {
		Set<String> stores = ConcurrentHashMap.newKeySet();
		Set<Long> ids = ConcurrentHashMap.newKeySet();
		ForkJoinPool pool = new ForkJoinPool(2);
		try {
			Sum sum = new Sum(0, 64, stores, ids, this.requestId);
			Integer total = this.requestId.call("sum", () -> pool.invoke(sum));
			assertThat(total).isEqualTo(IntStream.range(0, 64).sum());
			assertThat(stores).containsExactly("sum");
			HookEvents.Event root = this.events.initOf(sum);
			// (Awaitility's own polling tasks are executor tasks too)
			await().until(() -> this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
				.stream()
				.filter((event) -> event.resource() instanceof Sum)
				.allMatch((event) -> this.events.namesOf(event.asyncId()).contains("destroy")));
			List<HookEvents.Event> forks = this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
				.stream()
				.filter((event) -> event.resource() instanceof Sum && event != root)
				.toList();
			// 64 leaves of 8: 7 inner nodes besides the root, each forks one child
			assertThat(forks).hasSize(7);
			Set<Long> taskIds = ConcurrentHashMap.newKeySet();
			taskIds.add(root.asyncId());
			forks.forEach((fork) -> taskIds.add(fork.asyncId()));
			assertThat(forks).allMatch((fork) -> taskIds.contains(fork.triggerAsyncId()));
			assertThat(ids).isSubsetOf(taskIds);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void aParallelStreamRunsItsSubtasksInTheCallersStores() {
		Set<String> stores = ConcurrentHashMap.newKeySet();
		this.requestId.run("stream", () -> IntStream.range(0, 10_000).parallel().forEach((i) -> {
			stores.add(String.valueOf(this.requestId.getStore()));
		}));
		assertThat(stores).containsExactly("stream");
	}

	@Test
	void aQueuedForkJoinTaskCancelledIsDestroyedInsideCancel() {
		ForkJoinPool pool = new ForkJoinPool(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		try {
			pool.execute(() -> {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			ForkJoinTask<?> queued = pool.submit(() -> {
			});
			long asyncId = this.events.initOf(queued).asyncId();
			queued.cancel(false);
			assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
		}
		finally {
			release.countDown();
			pool.shutdown();
		}
	}

	static final class Sum extends RecursiveTask<Integer> {

		private final int from;

		private final int to;

		private final Set<String> stores;

		private final Set<Long> ids;

		private final AsyncLocalStorage<String> requestId;

		Sum(int from, int to, Set<String> stores, Set<Long> ids, AsyncLocalStorage<String> requestId) {
			this.from = from;
			this.to = to;
			this.stores = stores;
			this.ids = ids;
			this.requestId = requestId;
		}

		@Override
		protected Integer compute() {
			this.stores.add(String.valueOf(this.requestId.getStore()));
			this.ids.add(AsyncHooks.executionAsyncId());
			if (this.to - this.from <= 8) {
				return IntStream.range(this.from, this.to).sum();
			}
			int middle = (this.from + this.to) / 2;
			Sum left = new Sum(this.from, middle, this.stores, this.ids, this.requestId);
			Sum right = new Sum(middle, this.to, this.stores, this.ids, this.requestId);
			left.fork();
			return right.compute() + left.join();
		}

	}

}
