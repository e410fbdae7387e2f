package dev.asynchooks.autoconfigure.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.PeriodicTrigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AsyncHooksTaskAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksTaskAutoConfigurationTests {

	@RegisterExtension
	final CleanEngine engine = CleanEngine.changesOnly();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksTaskAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	private final RecordingCallbacks recorder = new RecordingCallbacks();

	private AsyncHook hook;

	@BeforeEach
	void enableRecorder() {
		this.hook = this.engine.disableAfter(AsyncHooks.createHook(this.recorder).enable());
	}

	@Test
	void decoratorIsAutoConfiguredAndAppliedToTheApplicationTaskExecutor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncHooksTaskDecorator.class);
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class)
				.extracting("taskDecorator")
				.isSameAs(context.getBean(AsyncHooksTaskDecorator.class));
		});
	}

	@Test
	void decoratorIsComposedWithTheUsersDecorators() {
		this.contextRunner.withBean("userDecorator", TaskDecorator.class, () -> (runnable) -> runnable)
			.run((context) -> assertThat(context.getBean("applicationTaskExecutor")).extracting("taskDecorator")
				.isInstanceOf(CompositeTaskDecorator.class));
	}

	@Test
	void decoratorBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomDecoratorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(AsyncHooksTaskDecorator.class)
				.hasBean("customDecorator"));
	}

	@Test
	void postProcessorsBackOffWhenUserDefinesThem() {
		this.contextRunner.withUserConfiguration(CustomPostProcessorsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(TaskDecoratorBeanPostProcessor.class)
				.hasBean("customTaskDecoratorPostProcessor")
				.hasSingleBean(AsyncMethodBeanPostProcessor.class)
				.hasBean("customAsyncMethodPostProcessor"));
	}

	@Test
	void nothingIsAutoConfiguredWhenDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncHooksTaskDecorator.class)
				.doesNotHaveBean(TaskDecoratorBeanPostProcessor.class)
				.doesNotHaveBean(AsyncMethodBeanPostProcessor.class));
	}

	@Test
	void asyncMethodSupportIsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.async.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(AsyncHooksTaskDecorator.class)
				.doesNotHaveBean(AsyncMethodBeanPostProcessor.class));
	}

	@Test
	void asyncMethodSupportIsOffWithoutSpringAop() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AsyncExecutionInterceptor.class))
			.run((context) -> assertThat(context).hasSingleBean(AsyncHooksTaskDecorator.class)
				.doesNotHaveBean(AsyncMethodBeanPostProcessor.class));
	}

	@Test
	void nothingIsAutoConfiguredWhenSpringSchedulingIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ThreadPoolTaskExecutor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncHooksTaskDecorator.class));
	}

	@Test
	void taskOfTheApplicationTaskExecutorIsAnExecutorTaskTriggeredByTheSubmitter() {
		AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			AtomicLong executionAsyncId = new AtomicLong();
			AtomicReference<String> store = new AtomicReference<>();
			submitter.runInAsyncScope(() -> storage.run("request-1", () -> executor.execute(() -> {
				executionAsyncId.set(AsyncHooks.executionAsyncId());
				store.set(storage.getStore());
			})));
			submitter.emitDestroy();
			await().until(() -> this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId()).size() == 1
					&& this.recorder.kinds(executionAsyncId.get()).contains("destroy"));
			Event init = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId()).get(0);
			assertThat(executionAsyncId.get()).isEqualTo(init.asyncId());
			assertThat(init.executionAsyncId()).isEqualTo(submitter.asyncId());
			assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "destroy");
			assertThat(store.get()).isEqualTo("request-1");
		});
	}

	@Test
	void userExecutorBeanKeepsItsTypeAndIsDecorated() {
		this.contextRunner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("userExecutor", ThreadPoolTaskExecutor.class);
			assertThat(executor).extracting("taskDecorator").isSameAs(context.getBean(AsyncHooksTaskDecorator.class));
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			submitter.runInAsyncScope(() -> executor.execute(() -> {
			}));
			submitter.emitDestroy();
			await().until(() -> this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId()).size() == 1);
		});
	}

	@Test
	void userDecoratorOfAUserExecutorIsKeptInsideTheHooksDecorator() {
		this.contextRunner.withUserConfiguration(UserDecoratedExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("userExecutor", ThreadPoolTaskExecutor.class);
			assertThat(executor).extracting("taskDecorator").isInstanceOf(CompositeTaskDecorator.class);
			AtomicLong seenByUserDecorator = new AtomicLong();
			UserDecoratedExecutorConfiguration.seen = seenByUserDecorator;
			executor.execute(() -> {
			});
			await().until(() -> seenByUserDecorator.get() > 1);
			assertThat(this.recorder.kinds(seenByUserDecorator.get())).startsWith("init", "before");
		});
	}

	@Test
	void scheduledTaskIsOneTimeoutWithABeforeAfterPairPerRun() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			AtomicLong runs = new AtomicLong();
			var future = submitter.runInAsyncScope(
					() -> scheduler.scheduleAtFixedRate(runs::incrementAndGet, java.time.Duration.ofMillis(10)));
			await().until(() -> runs.get() >= 3);
			future.cancel(false);
			assertThat(this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId())).hasSize(1);
			long timeout = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId()).get(0).asyncId();
			assertThat(this.recorder.kinds(timeout)).startsWith("init", "before", "after", "before", "after");
			submitter.emitDestroy();
		});
	}

	@Test
	void resourceOfARejectedTaskIsDestroyed() {
		this.contextRunner.withUserConfiguration(SingleThreadExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("userExecutor", ThreadPoolTaskExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			executor.execute(() -> {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> submitter.runInAsyncScope(() -> executor.execute(() -> {
				})));
			release.countDown();
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(this.recorder.kinds(inits.get(0).asyncId())).containsExactly("init", "destroy");
		});
	}

	@Test
	void resourceOfATaskDroppedUnrunAtShutdownIsDestroyed() {
		this.contextRunner.withUserConfiguration(QueueingExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("userExecutor", ThreadPoolTaskExecutor.class);
			CountDownLatch started = new CountDownLatch(1);
			executor.execute(() -> {
				started.countDown();
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			started.await();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			submitter.runInAsyncScope(() -> executor.execute(() -> {
			}));
			submitter.emitDestroy();
			executor.shutdown();
			List<Event> inits = this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(this.recorder.kinds(inits.get(0).asyncId())).containsExactly("init", "destroy");
		});
	}

	@Test
	void asyncMethodInvocationDroppedUnrunAtShutdownIsDestroyed() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("taskExecutor", ThreadPoolTaskExecutor.class);
			BlockingWorker worker = context.getBean(BlockingWorker.class);
			worker.block();
			BlockingWorker.started.await();
			AsyncResource caller = new AsyncResource("CALLER");
			caller.runInAsyncScope(worker::block);
			caller.emitDestroy();
			executor.shutdown();
			List<Event> inits = this.recorder.inits(ResourceTypes.ASYNC_METHOD, caller.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(this.recorder.kinds(inits.get(0).asyncId())).containsExactly("init", "destroy");
			assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, caller.asyncId())).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		ThreadPoolTaskExecutor taskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(10);
			return executor;
		}

		@Bean
		BlockingWorker blockingWorker() {
			return new BlockingWorker();
		}

	}

	static class BlockingWorker {

		static final CountDownLatch started = new CountDownLatch(1);

		@Async
		public void block() {
			started.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QueueingExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor userExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(10);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingleThreadExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor userExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(0);
			return executor;
		}

	}

	@Test
	void triggerTaskIsOneTimeoutWithABeforeAfterPairPerRunDestroyedOnCancel() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			List<Long> runs = new CopyOnWriteArrayList<>();
			var future = submitter.runInAsyncScope(() -> scheduler
				.schedule(() -> runs.add(AsyncHooks.executionAsyncId()), new PeriodicTrigger(Duration.ofMillis(10))));
			await().until(() -> runs.size() >= 3);
			assertThat(future.cancel(false)).isTrue();
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId());
			assertThat(inits).hasSize(1);
			long timeout = inits.get(0).asyncId();
			assertThat(runs).containsOnly(timeout);
			assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId())).isEmpty();
			assertThat(this.recorder.events()).filteredOn((event) -> event.kind().equals("init"))
				.noneMatch((event) -> event.triggerAsyncId() == timeout);
			await().until(() -> this.recorder.kinds(timeout).contains("destroy"));
			List<String> kinds = this.recorder.kinds(timeout);
			assertThat(kinds).startsWith("init", "before", "after", "before", "after", "before", "after")
				.endsWith("after", "destroy");
			assertThat(kinds).filteredOn("before"::equals)
				.hasSameSizeAs(kinds.stream().filter("after"::equals).toList());
		});
	}

	@Test
	void triggerTaskIsDestroyedAfterTheLastRunItsTriggerGives() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			List<Long> runs = new CopyOnWriteArrayList<>();
			submitter.runInAsyncScope(() -> scheduler.schedule(() -> runs.add(AsyncHooks.executionAsyncId()),
					(triggerContext) -> (triggerContext.lastCompletion() == null || runs.size() < 2)
							? Instant.now().plusMillis(5) : null));
			submitter.emitDestroy();
			long timeout = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId()).get(0).asyncId();
			await().until(() -> this.recorder.kinds(timeout).contains("destroy"));
			assertThat(runs).containsExactly(timeout, timeout);
			assertThat(this.recorder.kinds(timeout)).containsExactly("init", "before", "after", "before", "after",
					"destroy");
		});
	}

	@Test
	void oneShotTaskIsATimeoutEvenWhenDueAtOnce() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			AtomicLong run = new AtomicLong();
			submitter
				.runInAsyncScope(() -> scheduler.schedule(() -> run.set(AsyncHooks.executionAsyncId()), Instant.now()));
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId());
			assertThat(inits).hasSize(1);
			await().until(() -> this.recorder.kinds(inits.get(0).asyncId()).contains("destroy"));
			assertThat(run.get()).isEqualTo(inits.get(0).asyncId());
			assertThat(this.recorder.kinds(run.get())).containsExactly("init", "before", "after", "destroy");
			assertThat(this.recorder.inits(ResourceTypes.EXECUTOR_TASK, submitter.asyncId())).isEmpty();
		});
	}

	@Test
	void registrationsStillPendingAreDestroyedWhenTheSchedulerShutsDown() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			submitter.runInAsyncScope(() -> {
				scheduler.scheduleAtFixedRate(() -> {
				}, Instant.now().plusSeconds(3600), Duration.ofHours(1));
				scheduler.schedule(() -> {
				}, new CronTrigger("0 0 0 1 1 *"));
				scheduler.schedule(() -> {
				}, Instant.now().plusSeconds(3600));
			});
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId());
			assertThat(inits).hasSize(3);
			inits.forEach((init) -> assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init"));
			scheduler.shutdown();
			inits.forEach((init) -> assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init", "destroy"));
		});
	}

	@Test
	void rejectedRegistrationIsDestroyed() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			scheduler.getScheduledExecutor().shutdown();
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> submitter.runInAsyncScope(() -> scheduler.scheduleWithFixedDelay(() -> {
				}, Duration.ofMillis(10))));
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId());
			assertThat(inits).hasSize(1);
			assertThat(this.recorder.kinds(inits.get(0).asyncId())).containsExactly("init", "destroy");
		});
	}

	@Test
	void schedulerBeanKeepsItsType() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class, UserSchedulerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(TaskSchedulerBeanPostProcessor.class);
				ThreadPoolTaskScheduler scheduler = context.getBean("userScheduler", ThreadPoolTaskScheduler.class);
				assertThat(AopUtils.isCglibProxy(scheduler)).isTrue();
				assertThat(scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(2);
				assertThat(context.getBean(UserSchedulerConfiguration.Consumer.class).scheduler).isSameAs(scheduler);
			});
	}

	@Test
	void schedulerIsLeftAloneWhenSchedulingIsDisabled() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class)
			.withPropertyValues("async-hooks.task.scheduling.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TaskSchedulerBeanPostProcessor.class);
				assertThat(AopUtils.isAopProxy(context.getBean(ThreadPoolTaskScheduler.class))).isFalse();
			});
	}

	@Test
	void schedulerPostProcessorBacksOffWhenUserDefinesOne() {
		this.contextRunner
			.withBean("customSchedulerPostProcessor", TaskSchedulerBeanPostProcessor.class,
					TaskSchedulerBeanPostProcessor::new)
			.run((context) -> assertThat(context).hasSingleBean(TaskSchedulerBeanPostProcessor.class)
				.hasBean("customSchedulerPostProcessor"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler userScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(2);
			return scheduler;
		}

		@Bean
		Consumer consumer(ThreadPoolTaskScheduler userScheduler) {
			return new Consumer(userScheduler);
		}

		record Consumer(ThreadPoolTaskScheduler scheduler) {
		}

	}

	private Event init(long asyncId) {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && event.asyncId() == asyncId)
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomPostProcessorsConfiguration {

		@Bean
		static TaskDecoratorBeanPostProcessor customTaskDecoratorPostProcessor(
				ObjectProvider<AsyncHooksTaskDecorator> decorator) {
			return new TaskDecoratorBeanPostProcessor(decorator);
		}

		@Bean
		static AsyncMethodBeanPostProcessor customAsyncMethodPostProcessor() {
			return new AsyncMethodBeanPostProcessor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomDecoratorConfiguration {

		@Bean
		AsyncHooksTaskDecorator customDecorator() {
			return new AsyncHooksTaskDecorator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor userExecutor() {
			return new ThreadPoolTaskExecutor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoratedExecutorConfiguration {

		static volatile AtomicLong seen = new AtomicLong();

		@Bean
		ThreadPoolTaskExecutor userExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setTaskDecorator((runnable) -> () -> {
				seen.set(AsyncHooks.executionAsyncId());
				runnable.run();
			});
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

}
