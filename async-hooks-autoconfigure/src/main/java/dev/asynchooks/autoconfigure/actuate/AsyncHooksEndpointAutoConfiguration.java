package dev.asynchooks.autoconfigure.actuate;

import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.LiveResources;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link AsyncHooksEndpoint}. Like every actuator endpoint it
 * is reachable over HTTP only once listed in
 * {@code management.endpoints.web.exposure.include}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksLiveResourcesAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(AsyncHooksEndpoint.class)
@ConditionalOnBean(LiveResources.class)
@EnableConfigurationProperties(AsyncHooksEndpointProperties.class)
public final class AsyncHooksEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncHooksEndpoint asyncHooksEndpoint(LiveResources liveResources, AsyncHooksEndpointProperties properties) {
		return new AsyncHooksEndpoint(liveResources, properties.getShowValues(), properties.getRoles(),
				properties.getLimit(), properties.getMaxLimit());
	}

}
