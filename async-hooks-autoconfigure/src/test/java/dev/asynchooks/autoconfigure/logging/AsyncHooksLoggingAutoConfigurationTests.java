package dev.asynchooks.autoconfigure.logging;

import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksLoggingAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksLoggingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksLoggingAutoConfiguration.class));

	@Test
	void mdcHoldsTheIdsWhileAResourceRunsAndIsRestoredAfter() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MdcHookCallbacks.class);
			AsyncResource outer = new AsyncResource("OUTER");
			AsyncResource inner = outer.runInAsyncScope(() -> new AsyncResource("INNER"));
			AtomicReference<String> inOuter = new AtomicReference<>();
			AtomicReference<String> inInner = new AtomicReference<>();
			AtomicReference<String> backInOuter = new AtomicReference<>();
			outer.runInAsyncScope(() -> {
				inOuter.set(MDC.get("asyncId") + "/" + MDC.get("triggerAsyncId"));
				inner.runInAsyncScope(() -> inInner.set(MDC.get("asyncId") + "/" + MDC.get("triggerAsyncId")));
				backInOuter.set(MDC.get("asyncId"));
			});
			assertThat(inOuter.get()).isEqualTo(outer.asyncId() + "/" + outer.triggerAsyncId());
			assertThat(inInner.get()).isEqualTo(inner.asyncId() + "/" + outer.asyncId());
			assertThat(backInOuter.get()).isEqualTo(Long.toString(outer.asyncId()));
			assertThat(MDC.get("asyncId")).isNull();
			outer.emitDestroy();
			inner.emitDestroy();
		});
	}

	@Test
	void mdcHookBacksOffWhenUserDefinesOne() {
		this.contextRunner.withBean("customMdc", MdcHookCallbacks.class, MdcHookCallbacks::new)
			.run((context) -> assertThat(context).hasSingleBean(MdcHookCallbacks.class).hasBean("customMdc"));
	}

	@Test
	void mdcHookIsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.logging.mdc=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MdcHookCallbacks.class));
	}

	@Test
	void mdcHookIsOffWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MdcHookCallbacks.class));
	}

	@Test
	void mdcHookIsOffWithoutSlf4j() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MDC.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MdcHookCallbacks.class));
	}

}
