package dev.asynchooks.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.autoconfigure.context.AsyncHooksContextPropagationAutoConfiguration;
import dev.asynchooks.autoconfigure.context.AsyncLocalStorageThreadLocalAccessor;
import dev.asynchooks.autoconfigure.logging.AsyncHooksLoggingAutoConfiguration;
import dev.asynchooks.autoconfigure.task.AsyncHooksTaskAutoConfiguration;
import dev.asynchooks.concurrent.AsyncExecutors;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code async-hooks.enabled=false} turns every auto-configuration off.
 *
 * @author async-hooks
 */
class AsyncHooksDisabledTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksTaskAutoConfiguration.class,
						AsyncHooksLoggingAutoConfiguration.class, AsyncHooksContextPropagationAutoConfiguration.class,
						TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withUserConfiguration(ApplicationConfiguration.class);

	@Test
	void everythingIsOffWhenDisabled() {
		// contexts cached by other test classes may hold a registration of their own
		List<ThreadLocalAccessor<?>> registeredBefore = ContextRegistry.getInstance().getThreadLocalAccessors();
		this.contextRunner.withPropertyValues("async-hooks.enabled=false").run((context) -> {
			assertThat(Arrays.stream(context.getBeanDefinitionNames())
				.map((name) -> context.getType(name))
				.filter((type) -> type != null && type.getName().startsWith("dev.asynchooks.autoconfigure.")
						&& !type.getName().contains("DisabledTests")))
				.isEmpty();
			assertThat(context.getBean("userExecutor", ThreadPoolTaskExecutor.class)).extracting("taskDecorator")
				.isNull();
			assertThat(AopUtils.isAopProxy(context.getBean(ThreadPoolTaskScheduler.class))).isFalse();
			assertThat(AsyncExecutors.isWrapped(context.getBean("pool", ExecutorService.class))).isFalse();
			assertThat(AsyncHooks.enabledHooks()).noneMatch((hook) -> hook.callbacks() instanceof Callbacks);
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
				.containsExactlyElementsOf(registeredBefore);
		});
	}

	@Test
	void everythingIsOnByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("userExecutor", ThreadPoolTaskExecutor.class)).extracting("taskDecorator")
				.isNotNull();
			assertThat(AopUtils.isCglibProxy(context.getBean(ThreadPoolTaskScheduler.class))).isTrue();
			assertThat(AsyncExecutors.isWrapped(context.getBean("pool", ExecutorService.class))).isTrue();
			assertThat(AsyncHooks.enabledHooks()).anyMatch((hook) -> hook.callbacks() instanceof Callbacks);
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
				.anyMatch((accessor) -> AsyncLocalStorageThreadLocalAccessor.KEY.equals(accessor.key()));
		});
		assertThat(AsyncHooks.enabledHooks()).noneMatch((hook) -> hook.callbacks() instanceof Callbacks);
	}

	static class Callbacks implements HookCallbacks {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class ApplicationConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService pool() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean
		ThreadPoolTaskExecutor userExecutor() {
			return new ThreadPoolTaskExecutor();
		}

		@Bean
		Callbacks callbacks() {
			return new Callbacks();
		}

	}

}
