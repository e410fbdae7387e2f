package dev.asynchooks.autoconfigure.task;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.AsyncHooksProperties;

import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of async-hooks for task execution and scheduling: executor and
 * scheduler tasks and {@code @Async} invocations become asynchronous resources.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class,
		before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnClass({ AsyncHooks.class, ThreadPoolTaskExecutor.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AsyncHooksProperties.class)
public final class AsyncHooksTaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncHooksTaskDecorator asyncHooksTaskDecorator(AsyncHooksProperties properties) {
		return new AsyncHooksTaskDecorator(properties.getTask().getExecutor().isEnabled(),
				properties.getTask().getScheduling().isEnabled());
	}

	@Bean
	@ConditionalOnMissingBean
	static TaskDecoratorBeanPostProcessor asyncHooksTaskDecoratorBeanPostProcessor(
			ObjectProvider<AsyncHooksTaskDecorator> decorator) {
		return new TaskDecoratorBeanPostProcessor(decorator);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "async-hooks.task.executor.enabled", matchIfMissing = true)
	static class ExecutorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static ExecutorBeanPostProcessor asyncHooksExecutorBeanPostProcessor() {
			return new ExecutorBeanPostProcessor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "async-hooks.task.scheduling.enabled", matchIfMissing = true)
	static class SchedulingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static TaskSchedulerBeanPostProcessor asyncHooksTaskSchedulerBeanPostProcessor() {
			return new TaskSchedulerBeanPostProcessor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AsyncExecutionInterceptor.class)
	@ConditionalOnBooleanProperty(name = "async-hooks.async.enabled", matchIfMissing = true)
	static class AsyncMethodConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static AsyncMethodBeanPostProcessor asyncHooksAsyncMethodBeanPostProcessor() {
			return new AsyncMethodBeanPostProcessor();
		}

	}

}
