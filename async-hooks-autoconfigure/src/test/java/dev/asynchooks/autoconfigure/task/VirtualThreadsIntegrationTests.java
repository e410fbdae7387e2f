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
import dev.asynchooks.autoconfigure.task.AsyncMethodIntegrationTests.Ticker;
import dev.asynchooks.autoconfigure.task.AsyncMethodIntegrationTests.Worker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

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
@Tag("virtual-threads")
class VirtualThreadsIntegrationTests {

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private Worker worker;

	@Autowired
	private SimpleAsyncTaskExecutor applicationTaskExecutor;

	@Autowired
	private SimpleAsyncTaskScheduler taskScheduler;

	@Autowired
	private Ticker ticker;

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

	@Test
	void fixedRateScheduledMethodRunsInOneTimeoutOnVirtualThreads() {
		// each run starts on a new virtual thread: with a 20 ms rate two runs may overlap
		List<String> kinds = this.recorder.kinds(assertOneTimeout(this.ticker.runs));
		assertThat(kinds.get(0)).isEqualTo("init");
		assertThat(kinds.subList(1, kinds.size())).containsOnly("before", "after");
		long befores = kinds.stream().filter("before"::equals).count();
		long afters = kinds.stream().filter("after"::equals).count();
		assertThat(befores).isGreaterThanOrEqualTo(3);
		assertThat(afters).isLessThanOrEqualTo(befores).isGreaterThanOrEqualTo(2);
	}

	@Test
	void fixedDelayScheduledMethodRunsInOneTimeoutOnTheSchedulerThread() {
		// Spring runs these on the scheduler thread without its TaskDecorator
		long timeout = assertOneTimeout(this.ticker.delayedRuns);
		assertThat(this.recorder.kinds(timeout)).startsWith("init", "before", "after", "before", "after", "before",
				"after");
	}

	@Test
	void taskScheduledOnTheVirtualThreadSchedulerIsOneTimeoutTriggeredByTheScheduler() {
		AsyncResource caller = new AsyncResource("CALLER");
		List<Long> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
		var future = caller.runInAsyncScope(() -> this.taskScheduler
			.scheduleAtFixedRate(() -> runs.add(AsyncHooks.executionAsyncId()), java.time.Duration.ofMillis(10)));
		await().until(() -> runs.size() >= 3);
		future.cancel(false);
		caller.emitDestroy();
		List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, caller.asyncId());
		assertThat(inits).hasSize(1);
		long timeout = inits.get(0).asyncId();
		assertThat(runs).containsOnly(timeout);
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, caller.asyncId())).isEmpty();
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, timeout)).isEmpty();
		await().until(() -> this.recorder.kinds(timeout).contains("destroy"));
		assertThat(this.recorder.kinds(timeout)).startsWith("init", "before", "after", "before", "after")
			.endsWith("after", "destroy");
	}

	private long assertOneTimeout(List<Long> runs) {
		await().until(() -> runs.size() >= 3);
		List<Long> ids = runs.stream().distinct().toList();
		assertThat(ids).hasSize(1);
		assertThat(this.recorder.events()).filteredOn((event) -> event.asyncId() == ids.get(0))
			.first()
			.extracting(Event::type)
			.isEqualTo(ResourceTypes.TIMEOUT);
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, ids.get(0))).isEmpty();
		return ids.get(0);
	}

}
