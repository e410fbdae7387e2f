package dev.asynchooks.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.HookErrorReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §9 in this JVM: with the starter the default policy is {@code disable-hook}, and a
 * hook failure is logged once through SLF4J, with its stack trace, the hook and the
 * event; nothing goes to stderr. The {@code exit} policy is tested in a child JVM by
 * {@code HookFailureExitTests}.
 *
 * @author async-hooks
 */
class LoggingHookErrorReporterTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class));

	private final HookErrorPolicy initialPolicy = AsyncHooks.hookErrorPolicy();

	private final HookErrorReporter initialReporter = AsyncHooks.hookErrorReporter();

	@AfterEach
	void restoreEngine() {
		AsyncHooks.setHookErrorPolicy(this.initialPolicy);
		AsyncHooks.setHookErrorReporter(this.initialReporter);
	}

	@Test
	void disableHookIsTheDefaultPolicyWithTheStarter() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.EXIT);
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(AsyncHooksProperties.class).getErrorPolicy())
				.isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorReporter()).isInstanceOf(LoggingHookErrorReporter.class);
		});
	}

	@Test
	void closingTheContextPutsBackThePolicyAndReporterItFound() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.HALT);
		HookErrorReporter before = (hook, event, asyncId, failure, policy) -> {
		};
		AsyncHooks.setHookErrorReporter(before);
		this.contextRunner.withPropertyValues("async-hooks.error-policy=exit").run((context) -> {
			assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorReporter()).isInstanceOf(LoggingHookErrorReporter.class);
		});
		assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.HALT);
		assertThat(AsyncHooks.hookErrorReporter()).isSameAs(before);
	}

	@Test
	void haltIsPassedToTheEngineAndExitIsHandledByTheReporter() {
		this.contextRunner.withPropertyValues("async-hooks.error-policy=halt")
			.run((context) -> assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.HALT));
		// under 'exit' the engine only disables the hook; the reporter ends the process
		// on a thread of its own
		this.contextRunner.withPropertyValues("async-hooks.error-policy=exit")
			.run((context) -> assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK));
	}

	@Test
	void hookFailureIsLoggedOnceWithItsStackTraceAndNothingGoesToStderr() {
		Logger logger = (Logger) LoggerFactory.getLogger(AsyncHook.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		// kept out of the build log: the events are asserted instead
		boolean additive = logger.isAdditive();
		logger.setAdditive(false);
		PrintStream stderr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			this.contextRunner.withUserConfiguration(FailingHookConfiguration.class).run((context) -> {
				AsyncHook hook = AsyncHooks.enabledHooks()
					.stream()
					.filter((candidate) -> candidate.callbacks() instanceof FailingCallbacks)
					.findFirst()
					.orElseThrow();
				AsyncResource resource = new AsyncResource("FAIL");
				resource.runInAsyncScope(() -> {
				});
				resource.runInAsyncScope(() -> {
				});
				resource.emitDestroy();
				assertThat(hook.isEnabled()).isFalse();
				assertThat(appender.list).singleElement().satisfies((event) -> {
					assertThat(event.getLevel()).isEqualTo(Level.ERROR);
					assertThat(event.getFormattedMessage()).isEqualTo("Hook " + FailingCallbacks.class.getName()
							+ " threw in its before callback for resource " + resource.asyncId()
							+ ": the hook is disabled (async-hooks.error-policy=disable-hook)");
					assertThat(event.getThrowableProxy().getClassName())
						.isEqualTo(IllegalStateException.class.getName());
					assertThat(event.getThrowableProxy().getMessage()).isEqualTo("test_failure_in_before");
					assertThat(event.getThrowableProxy().getStackTraceElementProxyArray())
						.anySatisfy((element) -> assertThat(element.getSTEAsString())
							.contains(FailingCallbacks.class.getName() + ".before("));
				});
			});
		}
		finally {
			System.setErr(stderr);
			logger.detachAppender(appender);
			logger.setAdditive(additive);
		}
		assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingHookConfiguration {

		@Bean
		FailingCallbacks failingCallbacks() {
			return new FailingCallbacks();
		}

	}

	static class FailingCallbacks implements HookCallbacks {

		@Override
		public void before(long asyncId) {
			if (AsyncHooks.executionAsyncResource() instanceof AsyncResource resource
					&& resource.type().equals("FAIL")) {
				throw new IllegalStateException("test_failure_in_before");
			}
		}

	}

}
