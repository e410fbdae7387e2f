package dev.asynchooks.autoconfigure.metrics;

import dev.asynchooks.LiveResources;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksLiveResourcesAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link AsyncHooksMeterBinder}: Micrometer meters of the
 * live-resource registry, bound to the application's meter registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksLiveResourcesAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBean(LiveResources.class)
public final class AsyncHooksMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncHooksMeterBinder asyncHooksMeterBinder(LiveResources liveResources) {
		return new AsyncHooksMeterBinder(liveResources);
	}

}
