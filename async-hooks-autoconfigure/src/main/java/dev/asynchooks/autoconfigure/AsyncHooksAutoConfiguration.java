package dev.asynchooks.autoconfigure;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

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

	@Bean
	@ConditionalOnMissingBean
	HookErrorHandling asyncHooksHookErrorHandling(AsyncHooksProperties properties) {
		return new HookErrorHandling(properties.getErrorPolicy());
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncHooksLifecycle asyncHooksLifecycle(ObjectProvider<AsyncHook> hooks, ObjectProvider<HookCallbacks> callbacks,
			ObjectProvider<HookErrorHandling> errorHandling) {
		// made first, also with lazy initialization: hooks are enabled only once their
		// failures are handled as configured
		errorHandling.getIfAvailable();
		return new AsyncHooksLifecycle(hooks, callbacks);
	}

}
