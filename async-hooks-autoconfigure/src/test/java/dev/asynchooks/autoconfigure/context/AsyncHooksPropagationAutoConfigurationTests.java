package dev.asynchooks.autoconfigure.context;

import java.util.Map;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.logging.MdcHookCallbacks;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksPropagationAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksPropagationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksPropagationAutoConfiguration.class));

	@AfterEach
	void leftAsItWas() {
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isTrue();
		MDC.clear();
	}

	@Test
	void mdcAccessorIsRegisteredWhileTheContextRuns() {
		// contexts cached by other test classes may hold a registration of their own
		boolean before = registered(MdcThreadLocalAccessor.KEY) != null;
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ThreadLocalAccessorRegistration.class).isCounted()).isTrue();
			assertThat(registered(MdcThreadLocalAccessor.KEY)).isInstanceOf(MdcThreadLocalAccessor.class);
		});
		assertThat(registered(MdcThreadLocalAccessor.KEY) != null).isEqualTo(before);
	}

	@Test
	void mdcAccessorIsNotRegisteredBesideMicrometersOwn() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
		try {
			this.contextRunner.run((context) -> {
				assertThat(context.getBean(ThreadLocalAccessorRegistration.class).isCounted()).isFalse();
				assertThat(registered(Slf4jThreadLocalAccessor.KEY)).isInstanceOf(Slf4jThreadLocalAccessor.class);
			});
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
		}
	}

	@Test
	void mdcAccessorIsNotRegisteredWhenDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.propagation.mdc=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ThreadLocalAccessorRegistration.class));
	}

	@Test
	void propagationIsSwitchedOffWhileTheContextRunsAndBackWhenItCloses() {
		this.contextRunner.withPropertyValues("async-hooks.propagation.thread-local-accessors=false").run((context) -> {
			assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isFalse();
			// contexts cached by other test classes may hold a registration of their own
			assertThat(context).doesNotHaveBean(ThreadLocalAccessorRegistration.class);
		});
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isTrue();
	}

	@Test
	void nothingWithoutContextPropagation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AsyncHooksPropagationAutoConfiguration.class));
	}

	@Test
	void mdcAccessorLeavesTheExecutionIdsOutAndHasNoValueWithoutOtherEntries() {
		MdcThreadLocalAccessor accessor = new MdcThreadLocalAccessor();
		MDC.put(MdcHookCallbacks.ASYNC_ID, "7");
		MDC.put(MdcHookCallbacks.TRIGGER_ASYNC_ID, "1");
		assertThat(accessor.getValue()).isNull();
		MDC.put("tenant", "acme");
		Map<String, String> value = accessor.getValue();
		assertThat(value).containsExactly(Map.entry("tenant", "acme"));
		MDC.clear();
		accessor.setValue(value);
		assertThat(MDC.get("tenant")).isEqualTo("acme");
		accessor.setValue();
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	private static ThreadLocalAccessor<?> registered(Object key) {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((accessor) -> key.equals(accessor.key()))
			.findFirst()
			.orElse(null);
	}

}
