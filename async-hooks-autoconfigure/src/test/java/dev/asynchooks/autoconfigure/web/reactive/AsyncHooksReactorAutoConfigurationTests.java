package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksReactorAutoConfiguration}. The schedule hook is process-wide
 * and other test contexts may hold it: each test compares with the state it found.
 *
 * @author async-hooks
 */
class AsyncHooksReactorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksReactorAutoConfiguration.class));

	@Test
	void scheduleHookIsRegisteredWhileTheContextRunsAndRemovedWhenItCloses() {
		boolean registeredBefore = hookRegistered();
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReactorScheduleHook.class);
			assertThat(hookRegistered()).isTrue();
		});
		assertThat(hookRegistered()).isEqualTo(registeredBefore);
	}

	@Test
	void scheduleHookIsRegisteredOnceForSeveralContextsAndRemovedWithTheLast() {
		boolean registeredBefore = hookRegistered();
		this.contextRunner.run((first) -> {
			this.contextRunner.run((second) -> {
				assertThat(hookRegistered()).isTrue();
				Runnable task = () -> {
				};
				// one hook, not one per context: the task is wrapped once
				assertThat(Schedulers.onSchedule(task)).isInstanceOf(ReactorTask.class)
					.extracting("task")
					.isSameAs(task);
			});
			assertThat(hookRegistered()).isTrue();
		});
		assertThat(hookRegistered()).isEqualTo(registeredBefore);
	}

	@Test
	void scheduleHookBacksOffWhenTheUserDefinesOne() {
		this.contextRunner.withUserConfiguration(UserHookConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ReactorScheduleHook.class);
			assertThat(context).hasBean("userHook");
		});
	}

	@Test
	void scheduleHookIsNotRegisteredWhenReactorIsDisabled() {
		boolean registeredBefore = hookRegistered();
		this.contextRunner.withPropertyValues("async-hooks.reactor.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ReactorScheduleHook.class);
			assertThat(hookRegistered()).isEqualTo(registeredBefore);
		});
	}

	@Test
	void scheduleHookIsNotRegisteredWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorScheduleHook.class));
	}

	@Test
	void scheduleHookIsNotRegisteredWithoutReactor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Schedulers.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorScheduleHook.class));
	}

	private static boolean hookRegistered() {
		Runnable task = () -> {
		};
		Runnable scheduled = Schedulers.onSchedule(task);
		if (scheduled instanceof ReactorTask reactorTask) {
			// never scheduled: end it now
			reactorTask.emitDestroy();
			return true;
		}
		return false;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHookConfiguration {

		@Bean
		ReactorScheduleHook userHook() {
			return new ReactorScheduleHook();
		}

	}

}
