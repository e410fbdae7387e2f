package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Thread.start()} under the agent: each thread the application starts is one
 * {@code THREAD}; the threads of the JDK's pools are not.
 */
class ThreadTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final HookEvents events = HookEvents.start();

	@AfterEach
	void close() {
		this.events.close();
	}

	@Test
	void aStartedThreadIsOneThreadResourceWithTheStartersContext() throws InterruptedException {
		AtomicReference<String> store = new AtomicReference<>();
		AtomicLong executionAsyncId = new AtomicLong();
		Thread thread = new Thread(() -> {
			store.set(this.requestId.getStore());
			executionAsyncId.set(AsyncHooks.executionAsyncId());
		});
		this.requestId.run("req", thread::start);
		HookEvents.Event init = this.events.initOf(thread);
		thread.join();
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.THREAD);
		assertThat(init.triggerAsyncId()).isEqualTo(AsyncHooks.executionAsyncId());
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(store).hasValue("req");
		assertThat(executionAsyncId).hasValue(init.asyncId());
	}

	@Test
	void aThreadSubclassThatOverridesRunRunsInItsResource() throws InterruptedException {
		AtomicReference<String> store = new AtomicReference<>();
		AtomicLong executionAsyncId = new AtomicLong();
		Thread thread = new Thread() {

			@Override
			public void run() {
				store.set(ThreadTests.this.requestId.getStore());
				executionAsyncId.set(AsyncHooks.executionAsyncId());
			}

		};
		this.requestId.run("sub", thread::start);
		thread.join();
		HookEvents.Event init = this.events.initOf(thread);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(store).hasValue("sub");
		assertThat(executionAsyncId).hasValue(init.asyncId());
	}

	@Test
	void aThreadWhoseRunThrowsIsDestroyedAfterItsRun() throws InterruptedException {
		Thread thread = new Thread(() -> {
			throw new IllegalStateException("expected");
		});
		AtomicReference<Throwable> uncaught = new AtomicReference<>();
		thread.setUncaughtExceptionHandler((t, ex) -> uncaught.set(ex));
		thread.start();
		thread.join();
		HookEvents.Event init = this.events.initOf(thread);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(uncaught.get()).hasMessage("expected");
	}

	@Test
	void poolWorkersAreNoResourcesAndCarryNoSubmittersContext() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		ExecutorService forkJoin = Executors.newWorkStealingPool(1);
		try {
			AtomicReference<Thread> worker = new AtomicReference<>();
			AtomicReference<Thread> forkJoinWorker = new AtomicReference<>();
			this.requestId.run("req", () -> {
				pool.execute(() -> worker.set(Thread.currentThread()));
				forkJoin.execute(() -> forkJoinWorker.set(Thread.currentThread()));
			});
			await().until(() -> worker.get() != null && forkJoinWorker.get() != null);
			List<HookEvents.Event> threads = this.events.initsOf(ResourceTypes.THREAD);
			assertThat(threads).noneMatch((event) -> event.resource() == worker.get())
				.noneMatch((event) -> event.resource() == forkJoinWorker.get());
			// the worker, between tasks, sees no store
			assertThat(pool.submit(() -> this.requestId.getStore()).get(10, TimeUnit.SECONDS)).isNull();
		}
		finally {
			pool.shutdown();
			forkJoin.shutdown();
		}
	}

}
