package dev.asynchooks.autoconfigure.task;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.concurrent.AsyncExecutors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ExecutorBeanPostProcessor}.
 *
 * @author async-hooks
 */
class ExecutorBeanPostProcessorTests {

	@RegisterExtension
	final CleanEngine engine = CleanEngine.changesOnly();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksTaskAutoConfiguration.class));

	private final RecordingCallbacks recorder = new RecordingCallbacks();

	private AsyncHook hook;

	@BeforeEach
	void enableRecorder() {
		this.hook = this.engine.disableAfter(AsyncHooks.createHook(this.recorder).enable());
	}

	@Test
	void executorServiceDeclaredByItsInterfaceIsWrapped() {
		this.contextRunner.withUserConfiguration(InterfaceExecutorsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ExecutorBeanPostProcessor.class);
			ExecutorService pool = context.getBean("pool", ExecutorService.class);
			assertThat(AsyncExecutors.isWrapped(pool)).isTrue();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			AtomicLong executionAsyncId = new AtomicLong();
			submitter.runInAsyncScope(() -> pool.submit(() -> executionAsyncId.set(AsyncHooks.executionAsyncId())))
				.get();
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(executionAsyncId.get()).isEqualTo(inits.get(0).asyncId());
			await().until(() -> this.recorder.kinds(executionAsyncId.get()).contains("destroy"));
			assertThat(this.recorder.kinds(executionAsyncId.get())).containsExactly("init", "before", "after",
					"destroy");
		});
	}

	@Test
	void plainExecutorDeclaredAsExecutorIsWrapped() {
		this.contextRunner.withUserConfiguration(InterfaceExecutorsConfiguration.class).run((context) -> {
			Executor executor = context.getBean("executor", Executor.class);
			assertThat(AsyncExecutors.isWrapped(executor)).isTrue();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			CountDownLatch ran = new CountDownLatch(1);
			submitter.runInAsyncScope(() -> executor.execute(ran::countDown));
			ran.await();
			submitter.emitDestroy();
			assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId())).hasSize(1);
		});
	}

	@Test
	void scheduledExecutorServiceDeclaredByItsInterfaceMakesTimeouts() {
		this.contextRunner.withUserConfiguration(InterfaceExecutorsConfiguration.class).run((context) -> {
			ScheduledExecutorService scheduler = context.getBean("scheduler", ScheduledExecutorService.class);
			assertThat(AsyncExecutors.isWrapped(scheduler)).isTrue();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			ScheduledFuture<?> future = submitter.runInAsyncScope(() -> scheduler.schedule(() -> {
			}, 1, TimeUnit.HOURS));
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(future.cancel(false)).isTrue();
			assertThat(this.recorder.kinds(inits.get(0).asyncId())).containsExactly("init", "destroy");
		});
	}

	@Test
	void taskRejectedByAWrappedExecutorIsDestroyed() {
		this.contextRunner.withUserConfiguration(InterfaceExecutorsConfiguration.class).run((context) -> {
			ExecutorService single = context.getBean("single", ExecutorService.class);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch started = new CountDownLatch(1);
			single.execute(() -> {
				started.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			started.await();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			assertThatExceptionOfType(RejectedExecutionException.class)
				.isThrownBy(() -> submitter.runInAsyncScope(() -> single.execute(() -> {
				})));
			release.countDown();
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(this.recorder.kinds(inits.get(0).asyncId())).containsExactly("init", "destroy");
		});
	}

	@Test
	void taskDroppedWhenTheContextClosesIsDestroyed() {
		AtomicLong queued = new AtomicLong();
		CountDownLatch release = new CountDownLatch(1);
		this.contextRunner.withUserConfiguration(InterfaceExecutorsConfiguration.class).run((context) -> {
			ExecutorService single = context.getBean("queueing", ExecutorService.class);
			CountDownLatch started = new CountDownLatch(1);
			single.execute(() -> {
				started.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			started.await();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			submitter.runInAsyncScope(() -> single.execute(() -> {
			}));
			submitter.emitDestroy();
			queued.set(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId()).get(0).asyncId());
		});
		// the context closed: its destroy method (shutdownNow) dropped the queued task
		release.countDown();
		assertThat(this.recorder.kinds(queued.get())).containsExactly("init", "destroy");
	}

	@Test
	void executorDeclaredByItsClassIsLeftAsItIs() {
		this.contextRunner.withUserConfiguration(ClassExecutorConfiguration.class).run((context) -> {
			ThreadPoolExecutor pool = context.getBean(ThreadPoolExecutor.class);
			assertThat(AsyncExecutors.isWrapped(pool)).isFalse();
			assertThat(context.getBean(ClassExecutorConfiguration.Consumer.class).pool()).isSameAs(pool);
		});
	}

	@Test
	void executorNamedTaskExecutorIsLeftToAsync() {
		this.contextRunner.withBean("taskExecutor", ExecutorService.class, Executors::newSingleThreadExecutor)
			.run((context) -> assertThat(AsyncExecutors.isWrapped(context.getBean("taskExecutor", Executor.class)))
				.isFalse());
	}

	@Test
	void nothingIsWrappedWhenExecutorTasksAreDisabled() {
		this.contextRunner.withUserConfiguration(InterfaceExecutorsConfiguration.class)
			.withPropertyValues("async-hooks.task.executor.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ExecutorBeanPostProcessor.class);
				assertThat(AsyncExecutors.isWrapped(context.getBean("pool", ExecutorService.class))).isFalse();
			});
	}

	@Test
	void postProcessorBacksOffWhenUserDefinesOne() {
		this.contextRunner
			.withBean("customExecutorPostProcessor", ExecutorBeanPostProcessor.class, ExecutorBeanPostProcessor::new)
			.run((context) -> assertThat(context).hasSingleBean(ExecutorBeanPostProcessor.class)
				.hasBean("customExecutorPostProcessor"));
	}

	@Configuration(proxyBeanMethods = false)
	static class InterfaceExecutorsConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService pool() {
			return Executors.newFixedThreadPool(2);
		}

		@Bean(destroyMethod = "shutdownNow")
		Executor executor() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService scheduler() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService single() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService queueing() {
			return Executors.newSingleThreadExecutor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClassExecutorConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ThreadPoolExecutor pool() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
		}

		@Bean
		Consumer consumer(ThreadPoolExecutor pool) {
			return new Consumer(pool);
		}

		record Consumer(ThreadPoolExecutor pool) {
		}

	}

}
