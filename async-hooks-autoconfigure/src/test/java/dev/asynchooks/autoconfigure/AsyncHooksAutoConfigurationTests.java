package dev.asynchooks.autoconfigure;

import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class));

	private final HookErrorPolicy initialPolicy = AsyncHooks.hookErrorPolicy();

	@AfterEach
	void restoreEngine() {
		AsyncHooks.setHookErrorPolicy(this.initialPolicy);
		assertThat(AsyncHooks.enabledHooks()).noneMatch((hook) -> hook.callbacks() instanceof TestCallbacks);
	}

	@Test
	void lifecycleIsAutoConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(AsyncHooksLifecycle.class)
			.hasSingleBean(AsyncHooksProperties.class));
	}

	@Test
	void lifecycleBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomLifecycleConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(AsyncHooksLifecycle.class).hasBean("customLifecycle"));
	}

	@Test
	void nothingIsAutoConfiguredWhenDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.withUserConfiguration(CallbacksConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AsyncHooksLifecycle.class)
					.doesNotHaveBean(AsyncHooksProperties.class);
				assertThat(AsyncHooks.enabledHooks()).noneMatch((hook) -> hook.callbacks() instanceof TestCallbacks);
			});
	}

	@Test
	void nothingIsAutoConfiguredWhenCoreIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AsyncHooks.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncHooksLifecycle.class));
	}

	@Test
	void hookCallbacksBeansAreEnabledInOrderWhileTheContextRuns() {
		this.contextRunner.withUserConfiguration(CallbacksConfiguration.class).run((context) -> {
			TestCallbacks first = context.getBean("first", TestCallbacks.class);
			TestCallbacks second = context.getBean("second", TestCallbacks.class);
			assertThat(callbacksOfEnabledHooks()).containsSubsequence(first, second);
		});
	}

	@Test
	void asyncHookBeansAreEnabledWhileTheContextRunsAndDisabledWhenItCloses() {
		this.contextRunner.withUserConfiguration(HookConfiguration.class).run((context) -> {
			AsyncHook hook = context.getBean(AsyncHook.class);
			assertThat(hook.isEnabled()).isTrue();
			context.close();
			assertThat(hook.isEnabled()).isFalse();
		});
	}

	@Test
	void hookCallbacksBeanWrappedByAnAsyncHookBeanIsNotEnabledTwice() {
		this.contextRunner.withUserConfiguration(HookOfCallbacksBeanConfiguration.class).run((context) -> {
			TestCallbacks callbacks = context.getBean(TestCallbacks.class);
			assertThat(callbacksOfEnabledHooks()).containsOnlyOnce(callbacks);
			assertThat(context.getBean(AsyncHooksLifecycle.class).hooks()).hasSize(1);
		});
	}

	@Test
	void stoppingAndStartingTheContextNeverEnablesAHookTwice() {
		this.contextRunner.withUserConfiguration(CallbacksConfiguration.class).run((context) -> {
			TestCallbacks first = context.getBean("first", TestCallbacks.class);
			context.stop();
			assertThat(callbacksOfEnabledHooks()).doesNotContain(first);
			context.start();
			context.start();
			assertThat(callbacksOfEnabledHooks()).containsOnlyOnce(first);
		});
	}

	@Test
	void pausingAndRestartingTheContextNeverEnablesAHookTwice() {
		this.contextRunner.withUserConfiguration(CallbacksConfiguration.class).run((context) -> {
			TestCallbacks first = context.getBean("first", TestCallbacks.class);
			context.pause();
			assertThat(callbacksOfEnabledHooks()).doesNotContain(first);
			context.restart();
			assertThat(callbacksOfEnabledHooks()).containsOnlyOnce(first);
			context.restart();
			assertThat(callbacksOfEnabledHooks()).containsOnlyOnce(first);
			context.close();
			assertThat(callbacksOfEnabledHooks()).doesNotContain(first);
		});
	}

	@Test
	void hooksSeeTheResourcesOfOtherLifecycleBeansFromStartToStop() {
		this.contextRunner.withUserConfiguration(ServerConfiguration.class).run((context) -> {
			RecordingCallbacks recorder = context.getBean(RecordingCallbacks.class);
			FakeServer server = context.getBean(FakeServer.class);
			assertThat(recorder.inits("TCPSERVERWRAP", 1)).singleElement()
				.extracting(RecordingCallbacks.Event::asyncId)
				.isEqualTo(server.resource.asyncId());
			context.close();
			assertThat(recorder.kinds(server.resource.asyncId())).containsExactly("init", "destroy");
		});
	}

	private static List<HookCallbacks> callbacksOfEnabledHooks() {
		return AsyncHooks.enabledHooks().stream().map(AsyncHook::callbacks).toList();
	}

	static class TestCallbacks implements HookCallbacks {

	}

	@Configuration(proxyBeanMethods = false)
	static class CallbacksConfiguration {

		@Bean
		@Order(2)
		TestCallbacks second() {
			return new TestCallbacks();
		}

		@Bean
		@Order(1)
		TestCallbacks first() {
			return new TestCallbacks();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HookConfiguration {

		@Bean
		AsyncHook hook() {
			return AsyncHooks.createHook(new TestCallbacks());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HookOfCallbacksBeanConfiguration {

		@Bean
		TestCallbacks callbacks() {
			return new TestCallbacks();
		}

		@Bean
		AsyncHook hook(TestCallbacks callbacks) {
			return AsyncHooks.createHook(callbacks);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServerConfiguration {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Bean
		FakeServer fakeServer() {
			return new FakeServer();
		}

	}

	/**
	 * Starts like Spring Boot's web server, in a late lifecycle phase, and makes its
	 * resource then.
	 */
	static class FakeServer implements SmartLifecycle {

		volatile AsyncResource resource;

		@Override
		public void start() {
			this.resource = new AsyncResource("TCPSERVERWRAP");
		}

		@Override
		public void stop() {
			this.resource.emitDestroy();
		}

		@Override
		public boolean isRunning() {
			return this.resource != null && !this.resource.isDestroyed();
		}

		@Override
		public int getPhase() {
			return SmartLifecycle.DEFAULT_PHASE - 2048;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomLifecycleConfiguration {

		@Bean
		AsyncHooksLifecycle customLifecycle(ObjectProvider<AsyncHook> hooks, ObjectProvider<HookCallbacks> callbacks) {
			return new AsyncHooksLifecycle(hooks, callbacks);
		}

	}

}
