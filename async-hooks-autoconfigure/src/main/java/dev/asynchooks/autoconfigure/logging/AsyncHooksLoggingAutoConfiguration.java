package dev.asynchooks.autoconfigure.logging;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that puts the execution ids in the SLF4J MDC.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, MDC.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.logging.mdc", matchIfMissing = true)
public final class AsyncHooksLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	MdcHookCallbacks asyncHooksMdcHookCallbacks() {
		return new MdcHookCallbacks();
	}

}
