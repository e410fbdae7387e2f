package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain {@link ThreadPoolExecutor}s, with no library type in the work: under the agent
 * each task is an {@code EXECUTOR_TASK}.
 */
class ThreadPoolExecutorTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final HookEvents events = HookEvents.start();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void close() throws InterruptedException {
		this.pool.shutdownNow();
		assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.events.close();
	}

	@Test
	void theAgentIsInstalledWithoutErrorsAndTheEngineIsOnTheBootstrapClassPath() {
		assertThat(AgentInstaller.errors()).isEmpty();
		assertThat(AsyncHooks.class.getClassLoader()).isNull();
		assertThat(AsyncLocalStorage.class.getClassLoader()).isNull();
	}

	@Test
	void executeIsOneExecutorTaskWithTheSubmittersContext() {
		AtomicReference<String> store = new AtomicReference<>();
		AtomicLong executionAsyncId = new AtomicLong();
		AtomicLong triggerAsyncId = new AtomicLong();
		CountDownLatch done = new CountDownLatch(1);
		Runnable task = () -> {
			store.set(this.requestId.getStore());
			executionAsyncId.set(AsyncHooks.executionAsyncId());
			triggerAsyncId.set(AsyncHooks.triggerAsyncId());
			done.countDown();
		};
		AsyncResource request = new AsyncResource("REQUEST");
		request.runInAsyncScope(() -> this.requestId.run("req-1", () -> this.pool.execute(task)));
		HookEvents.Event init = this.events.initOf(task);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(init.triggerAsyncId()).isEqualTo(request.asyncId());
		assertThat(init.executionAsyncId()).isEqualTo(request.asyncId());
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(store).hasValue("req-1");
		assertThat(executionAsyncId).hasValue(init.asyncId());
		assertThat(triggerAsyncId).hasValue(request.asyncId());
		request.emitDestroy();
	}

	@Test
	void submitIsOneExecutorTaskWhoseResourceIsTheReturnedFuture() throws Exception {
		Future<String> future = this.requestId.call("req-2", () -> this.pool.submit(() -> this.requestId.getStore()));
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("req-2");
		HookEvents.Event init = this.events.initOf(future);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void aQueuedTaskCancelledIsDestroyedInsideCancel() throws Exception {
		ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		CountDownLatch release = new CountDownLatch(1);
		try {
			single.execute(() -> awaitQuietly(release));
			Future<?> queued = single.submit(() -> {
			});
			long asyncId = this.events.initOf(queued).asyncId();
			assertThat(queued.cancel(false)).isTrue();
			assertThat(this.events.namesOf(asyncId)).containsExactly("init", "destroy");
		}
		finally {
			release.countDown();
			single.shutdown();
		}
	}

	@Test
	void shutdownNowDestroysTheTasksItDropsAndReturnsWhatTheApplicationGave() throws Exception {
		ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		CountDownLatch release = new CountDownLatch(1);
		single.execute(() -> awaitQuietly(release));
		Runnable executed = () -> {
		};
		single.execute(executed);
		Future<?> submitted = single.submit(() -> {
		});
		List<Runnable> dropped = single.shutdownNow();
		release.countDown();
		assertThat(dropped).containsExactly(executed, (Runnable) submitted);
		assertThat(this.events.namesOf(this.events.initOf(executed).asyncId())).containsExactly("init", "destroy");
		assertThat(this.events.namesOf(this.events.initOf(submitted).asyncId())).containsExactly("init", "destroy");
		assertThat(single.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aRejectedTaskIsDestroyedInsideExecuteAndTheHandlerGetsTheApplicationsTask() {
		ThreadPoolExecutor stopped = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		stopped.shutdown();
		List<Runnable> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
		stopped.setRejectedExecutionHandler((task, executor) -> handed.add(task));
		Runnable task = () -> {
		};
		stopped.execute(task);
		assertThat(handed).containsExactly(task);
		assertThat(this.events.namesOf(this.events.initOf(task).asyncId())).containsExactly("init", "destroy");
	}

	@Test
	void invokeAllAndInvokeAnyGiveOneExecutorTaskPerCallable() throws Exception {
		AsyncResource submitter = new AsyncResource("SUBMITTER");
		List<java.util.concurrent.Callable<String>> callables = List.of(() -> "a", () -> "b");
		List<Future<String>> all = submitter.callInAsyncScope(() -> this.pool.invokeAll(callables));
		assertThat(all).extracting(Future::get).containsExactly("a", "b");
		String any = submitter.callInAsyncScope(() -> this.pool.invokeAny(List.of(() -> "c")));
		assertThat(any).isEqualTo("c");
		await().until(() -> this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
			.stream()
			.filter((init) -> init.executionAsyncId() == submitter.asyncId())
			.allMatch((init) -> this.events.namesOf(init.asyncId()).contains("destroy")));
		List<HookEvents.Event> inits = this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
			.stream()
			.filter((init) -> init.executionAsyncId() == submitter.asyncId())
			.toList();
		assertThat(inits).hasSize(3);
		assertThat(inits.subList(0, 2)).extracting(HookEvents.Event::resource).containsExactly(all.get(0), all.get(1));
		assertThat(inits).allSatisfy((init) -> assertThat(this.events.namesOf(init.asyncId())).containsExactly("init",
				"before", "after", "destroy"));
		submitter.emitDestroy();
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
