package dev.asynchooks.autoconfigure.task;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.task.AsyncMethodIntegrationTests.TestApplication;
import dev.asynchooks.autoconfigure.task.AsyncMethodIntegrationTests.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code @Async} methods and executor tasks with
 * {@code spring.threads.virtual.enabled=true}.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = TestApplication.class, properties = "spring.threads.virtual.enabled=true")
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsIntegrationTests {

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private Worker worker;

	@Autowired
	private SimpleAsyncTaskExecutor applicationTaskExecutor;

	@Test
	void asyncMethodIsOneAsyncMethodResourceOnAVirtualThread() {
		AsyncResource caller = new AsyncResource("CALLER");
		CompletableFuture<String> result = caller
			.runInAsyncScope(() -> AsyncMethodIntegrationTests.requestId.run("virtual-1", () -> this.worker.work()));
		String seen = result.join();
		caller.emitDestroy();
		List<Event> inits = this.recorder.inits(ResourceTypes.ASYNC_METHOD, caller.asyncId());
		assertThat(inits).hasSize(1);
		assertThat(seen).isEqualTo(inits.get(0).asyncId() + ":" + caller.asyncId() + ":virtual-1");
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, caller.asyncId())).isEmpty();
	}

	@Test
	void taskOfTheVirtualThreadExecutorIsAnExecutorTask() {
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicLong executionAsyncId = new AtomicLong();
		caller.runInAsyncScope(
				() -> this.applicationTaskExecutor.execute(() -> executionAsyncId.set(AsyncHooks.executionAsyncId())));
		caller.emitDestroy();
		await().until(() -> executionAsyncId.get() != 0);
		Event init = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, caller.asyncId()).get(0);
		assertThat(executionAsyncId.get()).isEqualTo(init.asyncId());
		await().until(() -> this.recorder.kinds(init.asyncId()).contains("destroy"));
		assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

}
