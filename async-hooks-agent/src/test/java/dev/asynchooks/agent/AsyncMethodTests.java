package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.task.AsyncHooksTaskDecorator;
import dev.asynchooks.autoconfigure.task.AsyncMethodBeanPostProcessor;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's {@code @Async} path under the agent: an invocation is one
 * {@code ASYNC_METHOD} in which the body runs, with no {@code EXECUTOR_TASK} for Spring's
 * task, and the {@code CompletableFuture} the caller gets is the one {@code PROMISE} of
 * the invocation's result, triggered by it (Spring's own future, which the starter
 * replaces, is no second one).
 */
class AsyncMethodTests {

	private final HookEvents events = HookEvents.start();

	// every invocation of a test is made inside this resource, so its inits are told
	// apart from those of other threads
	private final AsyncResource caller = new AsyncResource("CALLER");

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
			AsyncConfiguration.class);

	private final Worker worker = this.context.getBean(Worker.class);

	@AfterEach
	void close() {
		this.context.close();
		this.caller.emitDestroy();
		this.events.close();
	}

	@Test
	void anAsyncMethodReturningAFutureIsOneAsyncMethodAndOnePromise() throws Exception {
		CompletableFuture<Long> result = this.caller.runInAsyncScope(this.worker::work);
		long ranIn = result.get(10, TimeUnit.SECONDS);
		HookEvents.Event invocation = oneInvocation();
		assertThat(ranIn).isEqualTo(invocation.asyncId());
		assertThat(result).isInstanceOf(TrackedCompletableFuture.class);
		List<HookEvents.Event> promises = calledFrom(ResourceTypes.PROMISE);
		assertThat(promises).hasSize(1);
		assertThat(promises.get(0).resource()).isSameAs(result);
		assertThat(promises.get(0).triggerAsyncId()).isEqualTo(invocation.asyncId());
	}

	@Test
	void aVoidAsyncMethodIsOneAsyncMethod() throws Exception {
		CountDownLatch ran = new CountDownLatch(1);
		long[] ranIn = new long[1];
		this.caller.runInAsyncScope(() -> this.worker.run(() -> {
			ranIn[0] = AsyncHooks.executionAsyncId();
			ran.countDown();
		}));
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		HookEvents.Event invocation = oneInvocation();
		assertThat(ranIn[0]).isEqualTo(invocation.asyncId());
		assertThat(calledFrom(ResourceTypes.PROMISE)).isEmpty();
	}

	private HookEvents.Event oneInvocation() {
		List<HookEvents.Event> invocations = calledFrom(ResourceTypes.ASYNC_METHOD);
		assertThat(invocations).hasSize(1);
		HookEvents.Event invocation = invocations.get(0);
		assertThat(invocation.triggerAsyncId()).isEqualTo(this.caller.asyncId());
		await().until(() -> this.events.namesOf(invocation.asyncId()).contains("destroy"));
		assertThat(this.events.namesOf(invocation.asyncId())).containsExactly("init", "before", "after", "destroy");
		// no task of the pool for Spring's task, on the calling thread or inside
		assertThat(this.events.initsOf(ResourceTypes.EXECUTOR_TASK)
			.stream()
			.filter((init) -> init.executionAsyncId() == this.caller.asyncId()
					|| init.triggerAsyncId() == invocation.asyncId()
					|| init.executionAsyncId() == invocation.asyncId()))
			.isEmpty();
		return invocation;
	}

	private List<HookEvents.Event> calledFrom(String type) {
		return this.events.initsOf(type)
			.stream()
			.filter((init) -> init.executionAsyncId() == this.caller.asyncId())
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		// as the starter decorates the executor behind @Async
		@Bean
		ThreadPoolTaskExecutor taskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setTaskDecorator(new AsyncHooksTaskDecorator());
			return executor;
		}

		@Bean
		static AsyncMethodBeanPostProcessor asyncMethodBeanPostProcessor() {
			return new AsyncMethodBeanPostProcessor();
		}

		@Bean
		Worker worker() {
			return new Worker();
		}

	}

	static class Worker {

		@Async
		public CompletableFuture<Long> work() {
			return CompletableFuture.completedFuture(AsyncHooks.executionAsyncId());
		}

		@Async
		public void run(Runnable body) {
			body.run();
		}

	}

}
