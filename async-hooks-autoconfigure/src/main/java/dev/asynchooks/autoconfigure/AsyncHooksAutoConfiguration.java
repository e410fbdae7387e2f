package dev.asynchooks.autoconfigure;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for async-hooks: applies the error policy, reports hook failures
 * through SLF4J, and enables the application's hook beans while the context runs.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(AsyncHooks.class)
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AsyncHooksProperties.class)
public final class AsyncHooksAutoConfiguration {

	private static final boolean slf4jPresent = ClassUtils.isPresent("org.slf4j.LoggerFactory",
			AsyncHooksAutoConfiguration.class.getClassLoader());

	AsyncHooksAutoConfiguration(AsyncHooksProperties properties) {
		HookErrorPolicy policy = properties.getErrorPolicy();
		if (slf4jPresent) {
			// under 'exit' the reporter ends the process on a thread of its own, so the
			// failing thread is not held in System.exit while shutdown waits for it
			AsyncHooks.setHookErrorReporter(new LoggingHookErrorReporter(policy == HookErrorPolicy.EXIT));
			AsyncHooks.setHookErrorPolicy((policy != HookErrorPolicy.EXIT) ? policy : HookErrorPolicy.DISABLE_HOOK);
		}
		else {
			AsyncHooks.setHookErrorPolicy(policy);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncHooksLifecycle asyncHooksLifecycle(ObjectProvider<AsyncHook> hooks, ObjectProvider<HookCallbacks> callbacks) {
		return new AsyncHooksLifecycle(hooks, callbacks);
	}

}
