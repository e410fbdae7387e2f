package dev.asynchooks.autoconfigure.live;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.AsyncHooksProperties;
import dev.asynchooks.live.LiveResources;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link LiveResources} registry: a hook, enabled with the
 * application's other hooks, that keeps every live resource for the {@code asynchooks}
 * endpoint and the meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass(LiveResources.class)
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.live-resources.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AsyncHooksProperties.class)
public final class AsyncHooksLiveResourcesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LiveResources asyncHooksLiveResources(AsyncHooksProperties properties) {
		return new LiveResources(properties.getLiveResources().getMaxTracked(),
				properties.getLiveResources().isTimeRuns());
	}

	/**
	 * The registry's hook, as a bean, so that it is enabled and disabled with the context
	 * like every other hook bean.
	 * @param liveResources the registry
	 * @return its hook
	 */
	@Bean
	AsyncHook asyncHooksLiveResourcesHook(LiveResources liveResources) {
		return liveResources.hook();
	}

}
