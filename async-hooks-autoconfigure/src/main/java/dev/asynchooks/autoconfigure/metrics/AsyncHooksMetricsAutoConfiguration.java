package dev.asynchooks.autoconfigure.metrics;

import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.LiveResources;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer")
	static class PrometheusNamesConfiguration {

		// applied to each registry bean before meters are bound to it; a composite's
		// Prometheus registry is a bean of its own
		@Bean
		MeterRegistryCustomizer<MeterRegistry> asyncHooksPrometheusNames() {
			return (registry) -> {
				if (isPrometheus(registry.getClass())) {
					registry.config()
						.namingConvention(AsyncHooksMeterBinder.prometheusNames(registry.config().namingConvention()));
				}
			};
		}

		private static boolean isPrometheus(Class<?> type) {
			for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
				if (candidate.getName().endsWith(".PrometheusMeterRegistry")) {
					return true;
				}
			}
			return false;
		}

	}

}
