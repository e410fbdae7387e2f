package dev.asynchooks.agent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksProperties;
import dev.asynchooks.autoconfigure.context.AsyncHooksPropagationAutoConfiguration;
import dev.asynchooks.autoconfigure.task.AsyncHooksTaskDecorator;
import dev.asynchooks.autoconfigure.task.AsyncMethodBeanPostProcessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under the agent the engine is on the bootstrap class path, which does not see the
 * application's Micrometer: resources still carry the values of the
 * {@code ThreadLocalAccessor}s registered in the application's one
 * {@code ContextRegistry}, from where they are created to each run, and the running
 * thread's own value is back afterwards.
 */
class ThreadLocalAccessorTests {

	private static final String KEY = "dev.asynchooks.agent.test";

	private static final ThreadLocal<String> VALUE = new ThreadLocal<>();

	private final WorkerThreads workers = new WorkerThreads();

	@BeforeEach
	void register() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new ValueAccessor());
	}

	@AfterEach
	void remove() {
		ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
		AsyncHooks.setPropagateThreadLocalAccessors(true);
		VALUE.remove();
	}

	@Test
	void theEngineOnTheBootstrapClassPathPropagatesTheAccessors() {
		assertThat(AsyncHooks.class.getClassLoader()).isNull();
		assertThat(ContextRegistry.class.getClassLoader()).isNotNull();
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isTrue();
	}

	@Test
	void aTaskOfAPlainThreadPoolExecutorSeesTheSubmittersValue() throws Exception {
		ThreadPoolExecutor pool = this.workers.pool();
		VALUE.set("request");
		Future<@Nullable String> seen = pool.submit(VALUE::get);
		assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("request");
		assertThat(this.workers.shutDown(pool)).containsExactly("worker");
	}

	@Test
	void aTaskOfAPlainThreadPoolExecutorCarriesNothingWhenThePropagationIsOff() throws Exception {
		ThreadPoolExecutor pool = this.workers.pool();
		AsyncHooks.setPropagateThreadLocalAccessors(false);
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isFalse();
		VALUE.set("request");
		Future<@Nullable String> seen = pool.submit(VALUE::get);
		assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("worker");
		assertThat(this.workers.shutDown(pool)).containsExactly("worker");
	}

	@Test
	void aDependentCompletedOnAnotherThreadSeesTheRegisteringCodesValue() throws Exception {
		CompletableFuture<String> source = new CompletableFuture<>();
		VALUE.set("registering");
		CompletableFuture<@Nullable String> seen = source.thenApply((ignored) -> VALUE.get());
		VALUE.set("other");
		AtomicReference<@Nullable String> completersOwn = new AtomicReference<>();
		Thread completer = new Thread(() -> {
			VALUE.set("completer");
			source.complete("done");
			completersOwn.set(VALUE.get());
		});
		completer.start();
		completer.join(10_000);
		assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("registering");
		assertThat(completersOwn).hasValue("completer");
	}

	@Test
	void anAsyncMethodSeesTheCallersValue() throws Exception {
		try (AnnotationConfigApplicationContext context = context(Map.of())) {
			assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isTrue();
			VALUE.set("request");
			assertThat(context.getBean(Worker.class).value().get(10, TimeUnit.SECONDS)).isEqualTo("request");
		}
		assertThat(this.workers.joined()).containsExactly("worker");
	}

	@Test
	void anAsyncMethodCarriesNothingWhenThePropertySwitchesThePropagationOff() throws Exception {
		try (AnnotationConfigApplicationContext context = context(
				Map.of("async-hooks.propagation.thread-local-accessors", "false"))) {
			assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isFalse();
			VALUE.set("request");
			assertThat(context.getBean(Worker.class).value().get(10, TimeUnit.SECONDS)).isEqualTo("worker");
		}
		assertThat(this.workers.joined()).containsExactly("worker");
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isTrue();
	}

	private AnnotationConfigApplicationContext context(Map<String, Object> properties) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		context.registerBean(WorkerThreads.class, () -> this.workers);
		context.register(AsyncConfiguration.class);
		context.refresh();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableConfigurationProperties(AsyncHooksProperties.class)
	@Import(AsyncHooksPropagationAutoConfiguration.class)
	static class AsyncConfiguration {

		// as the starter decorates the executor behind @Async
		@Bean
		ThreadPoolTaskExecutor taskExecutor(WorkerThreads workers) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setThreadFactory(workers);
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
		public CompletableFuture<@Nullable String> value() {
			return CompletableFuture.completedFuture(VALUE.get());
		}

	}

	/**
	 * Threads of a pool that have a value of their own, "worker", and record the value
	 * they have when they end, after all their tasks.
	 */
	static final class WorkerThreads implements ThreadFactory {

		private final List<Thread> threads = new CopyOnWriteArrayList<>();

		private final List<@Nullable String> atEnd = new CopyOnWriteArrayList<>();

		@Override
		public Thread newThread(Runnable worker) {
			Thread thread = new Thread(() -> {
				VALUE.set("worker");
				worker.run();
				this.atEnd.add(VALUE.get());
			});
			this.threads.add(thread);
			return thread;
		}

		ThreadPoolExecutor pool() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), this);
		}

		List<@Nullable String> shutDown(ThreadPoolExecutor pool) throws InterruptedException {
			pool.shutdown();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			return joined();
		}

		List<@Nullable String> joined() throws InterruptedException {
			for (Thread thread : this.threads) {
				thread.join(10_000);
				assertThat(thread.isAlive()).isFalse();
			}
			return this.atEnd;
		}

	}

	static final class ValueAccessor implements ThreadLocalAccessor<String> {

		@Override
		public Object key() {
			return KEY;
		}

		@Override
		public @Nullable String getValue() {
			return VALUE.get();
		}

		@Override
		public void setValue(String value) {
			VALUE.set(value);
		}

		@Override
		public void setValue() {
			VALUE.remove();
		}

	}

}
