package dev.asynchooks.agent;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Virtual threads under the agent (JDK 21+): each one started is a {@code THREAD}; the
 * carriers and the mounting of a virtual thread are not resources. The project compiles
 * for JDK 17, so the virtual-thread API is reached by reflection.
 */
@Tag("virtual-threads")
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadTests {

	private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final HookEvents events = HookEvents.start();

	@AfterEach
	void close() {
		this.events.close();
	}

	@Test
	void aStartedVirtualThreadIsOneThreadResourceWithTheStartersContext() throws Exception {
		AtomicReference<String> store = new AtomicReference<>();
		AtomicLong executionAsyncId = new AtomicLong();
		CountDownLatch resume = new CountDownLatch(1);
		Runnable work = () -> {
			// parks until the test sees it waiting, then is remounted: every remount must
			// stay in the same resource
			try {
				resume.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			store.set(this.requestId.getStore());
			executionAsyncId.set(AsyncHooks.executionAsyncId());
		};
		Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
		Thread thread = this.requestId.call("vt", () -> (Thread) startVirtualThread.invoke(null, work));
		await().until(() -> thread.getState() == Thread.State.WAITING);
		resume.countDown();
		thread.join();
		HookEvents.Event init = this.events.initOf(thread);
		await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
		assertThat(init.type()).isEqualTo(ResourceTypes.THREAD);
		assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(store).hasValue("vt");
		assertThat(executionAsyncId).hasValue(init.asyncId());
		// the carrier's continuation tasks are no executor tasks
		assertThat(this.events.initsOf(ResourceTypes.EXECUTOR_TASK))
			.noneMatch((event) -> event.resource().getClass().getName().contains("VirtualThread"))
			.noneMatch((event) -> String.valueOf(event.resource()).contains("runContinuation"));
	}

	@Test
	void eachTaskOfAVirtualThreadPerTaskExecutorIsOneThread() throws Exception {
		ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
		try {
			AtomicReference<Thread> ran = new AtomicReference<>();
			String store = this.requestId.call("per-task", () -> executor.submit(() -> {
				ran.set(Thread.currentThread());
				return this.requestId.getStore();
			})).get(10, TimeUnit.SECONDS);
			assertThat(store).isEqualTo("per-task");
			HookEvents.Event init = this.events.initOf(ran.get());
			await().until(() -> this.events.namesOf(init.asyncId()).contains("destroy"));
			assertThat(this.events.namesOf(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		}
		finally {
			executor.shutdown();
		}
	}

}
