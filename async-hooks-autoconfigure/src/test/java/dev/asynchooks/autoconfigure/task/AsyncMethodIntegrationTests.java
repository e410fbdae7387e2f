package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code @Async} and {@code @Scheduled} methods in a whole application.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = AsyncMethodIntegrationTests.TestApplication.class)
class AsyncMethodIntegrationTests {

	static final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private Worker worker;

	@Autowired
	private Ticker ticker;

	@Autowired
	private ThreadPoolTaskExecutor applicationTaskExecutor;

	@Test
	void asyncMethodIsOneAsyncMethodResourceTriggeredByTheCallerInWhichTheBodyRuns() {
		AsyncResource caller = new AsyncResource("CALLER");
		CompletableFuture<String> result = caller
			.runInAsyncScope(() -> requestId.run("request-42", () -> this.worker.work()));
		String seen = result.join();
		caller.emitDestroy();
		List<Event> inits = this.recorder.inits(ResourceTypes.ASYNC_METHOD, caller.asyncId());
		assertThat(inits).hasSize(1);
		Event init = inits.get(0);
		assertThat(init.resource()).hasToString("Worker.work()");
		assertThat(seen).isEqualTo(init.asyncId() + ":" + caller.asyncId() + ":request-42");
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, caller.asyncId())).isEmpty();
		assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, init.asyncId())).isEmpty();
		await().until(() -> this.recorder.kinds(init.asyncId()).contains("destroy"));
		assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void completableFutureReturnedByAnAsyncMethodIsTracked() {
		assertThat(this.worker.work()).isInstanceOf(TrackedCompletableFuture.class);
	}

	@Test
	void completableFutureReturnedByAnAsyncMethodIsAPromiseTriggeredByTheInvocation() {
		AsyncResource caller = new AsyncResource("CALLER");
		CompletableFuture<String> result = caller.runInAsyncScope(() -> this.worker.work());
		result.join();
		caller.emitDestroy();
		Event invocation = this.recorder.inits(ResourceTypes.ASYNC_METHOD, caller.asyncId()).get(0);
		assertThat(result).isInstanceOf(TrackedCompletableFuture.class);
		TrackedCompletableFuture<String> promise = (TrackedCompletableFuture<String>) result;
		assertThat(promise.triggerAsyncId()).isEqualTo(invocation.asyncId());
		assertThat(this.recorder.inits(ResourceTypes.PROMISE, invocation.asyncId())).singleElement()
			.satisfies((init) -> {
				assertThat(init.asyncId()).isEqualTo(promise.asyncId());
				assertThat(init.resource()).isSameAs(promise);
				assertThat(init.executionAsyncId()).isEqualTo(caller.asyncId());
			});
		assertThat(this.recorder.inits(ResourceTypes.PROMISE, caller.asyncId())).isEmpty();
	}

	@Test
	void voidAsyncMethodRunsInItsOwnResourceWithTheCallersStore() {
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicReference<String> seen = new AtomicReference<>();
		caller.runInAsyncScope(() -> requestId.run("request-7", () -> this.worker.fireAndForget(seen)));
		await().until(() -> seen.get() != null);
		caller.emitDestroy();
		Event init = this.recorder.inits(ResourceTypes.ASYNC_METHOD, caller.asyncId()).get(0);
		assertThat(init.resource()).hasToString("Worker.fireAndForget()");
		assertThat(seen.get()).isEqualTo(init.asyncId() + ":request-7");
	}

	// its log lines carry the invocation's asyncId, not the root's
	@Test
	void exceptionHandlerOfAVoidAsyncMethodRunsInsideTheInvocationsResource() {
		AsyncResource caller = new AsyncResource("CALLER");
		caller.runInAsyncScope(() -> requestId.run("request-9", () -> this.worker.fail()));
		await().until(() -> FailureHandler.handled.get() != null);
		caller.emitDestroy();
		Event init = this.recorder.inits(ResourceTypes.ASYNC_METHOD, caller.asyncId()).get(0);
		assertThat(init.resource()).hasToString("Worker.fail()");
		assertThat(FailureHandler.handled.get())
			.isEqualTo("fail " + init.asyncId() + " " + caller.asyncId() + " request-9 mdc=" + init.asyncId());
		await().until(() -> this.recorder.kinds(init.asyncId()).contains("destroy"));
		assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void executorTaskOfTheApplicationTaskExecutorIsStillAnExecutorTask() {
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicLong executionAsyncId = new AtomicLong();
		caller.runInAsyncScope(
				() -> this.applicationTaskExecutor.execute(() -> executionAsyncId.set(AsyncHooks.executionAsyncId())));
		caller.emitDestroy();
		await().until(() -> executionAsyncId.get() != 0);
		Event init = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, caller.asyncId()).get(0);
		assertThat(executionAsyncId.get()).isEqualTo(init.asyncId());
	}

	@Test
	void scheduledMethodRunsInOneTimeoutWithABeforeAfterPairPerRun() {
		await().until(() -> this.ticker.runs.size() >= 3);
		List<Long> ids = this.ticker.runs.stream().distinct().toList();
		assertThat(ids).hasSize(1);
		// the third run may still be before its after
		await().untilAsserted(() -> assertThat(this.recorder.kinds(ids.get(0))).startsWith("init", "before", "after",
				"before", "after", "before", "after"));
		assertThat(this.recorder.events()).filteredOn((event) -> event.asyncId() == ids.get(0))
			.first()
			.extracting(Event::type)
			.isEqualTo(ResourceTypes.TIMEOUT);
	}

	@Test
	void fixedDelayScheduledMethodRunsInOneTimeoutWithABeforeAfterPairPerRun() {
		await().until(() -> this.ticker.delayedRuns.size() >= 3);
		List<Long> ids = this.ticker.delayedRuns.stream().distinct().toList();
		assertThat(ids).hasSize(1);
		await().untilAsserted(() -> assertThat(this.recorder.kinds(ids.get(0))).startsWith("init", "before", "after",
				"before", "after", "before", "after"));
		assertThat(ids.get(0)).isNotEqualTo(this.ticker.runs.get(0));
	}

	@Test
	void cronScheduledMethodRunsInOneTimeoutWithABeforeAfterPairPerRun() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ticker.cronRuns.size() >= 2);
		List<Long> ids = this.ticker.cronRuns.stream().distinct().toList();
		assertThat(ids).hasSize(1);
		await().untilAsserted(() -> assertThat(this.recorder.kinds(ids.get(0))).startsWith("init", "before", "after",
				"before", "after"));
		Event init = this.recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == ids.get(0))
			.findFirst()
			.orElseThrow();
		assertThat(init.type()).isEqualTo(ResourceTypes.TIMEOUT);
		// registered while the context refreshed, outside any resource
		assertThat(init.triggerAsyncId()).isEqualTo(1);
		assertThat(this.recorder.events()).filteredOn((event) -> event.kind().equals("init"))
			.noneMatch((event) -> event.triggerAsyncId() == ids.get(0));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class TestApplication {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Bean
		Worker worker() {
			return new Worker();
		}

		@Bean
		Ticker ticker() {
			return new Ticker();
		}

		@Bean
		FailureHandler failureHandler() {
			return new FailureHandler();
		}

	}

	/**
	 * Records the context the uncaught exception of a void method is handled in (static:
	 * Spring Boot wraps AsyncConfigurer beans).
	 */
	static class FailureHandler implements AsyncConfigurer, AsyncUncaughtExceptionHandler {

		static final AtomicReference<String> handled = new AtomicReference<>();

		@Override
		public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			return this;
		}

		@Override
		public void handleUncaughtException(Throwable ex, Method method, Object... params) {
			handled.set(method.getName() + " " + AsyncHooks.executionAsyncId() + " " + AsyncHooks.triggerAsyncId() + " "
					+ requestId.getStore() + " mdc=" + MDC.get("asyncId"));
		}

	}

	static class Worker {

		@Async
		public CompletableFuture<String> work() {
			return CompletableFuture.completedFuture(
					AsyncHooks.executionAsyncId() + ":" + AsyncHooks.triggerAsyncId() + ":" + requestId.getStore());
		}

		@Async
		public void fireAndForget(AtomicReference<String> seen) {
			seen.set(AsyncHooks.executionAsyncId() + ":" + requestId.getStore());
		}

		@Async
		public void fail() {
			throw new IllegalStateException("test failure of an @Async method");
		}

	}

	static class Ticker {

		final List<Long> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<Long> delayedRuns = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<Long> cronRuns = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Scheduled(fixedRate = 20)
		void tick() {
			if (this.runs.size() < 5) {
				this.runs.add(AsyncHooks.executionAsyncId());
			}
		}

		@Scheduled(fixedDelay = 20)
		void tickWithDelay() {
			if (this.delayedRuns.size() < 5) {
				this.delayedRuns.add(AsyncHooks.executionAsyncId());
			}
		}

		@Scheduled(cron = "* * * * * *")
		void tickEverySecond() {
			if (this.cronRuns.size() < 5) {
				this.cronRuns.add(AsyncHooks.executionAsyncId());
			}
		}

	}

}
