package dev.asynchooks.autoconfigure.jmx;

import javax.management.MBeanServer;

import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.LiveResources;
import dev.asynchooks.live.LiveResourcesJmx;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that registers the {@link LiveResources} registry in the
 * application's {@link MBeanServer} as {@value LiveResourcesJmx#OBJECT_NAME} (operations
 * {@code tree}, {@code sites}, {@code site}), when JMX is on
 * ({@code spring.jmx.enabled=true}, as for every other MBean of Spring Boot).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { AsyncHooksLiveResourcesAutoConfiguration.class, JmxAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spring.jmx.enabled")
@ConditionalOnBean({ LiveResources.class, MBeanServer.class })
public final class AsyncHooksJmxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LiveResourcesMBeanRegistration asyncHooksLiveResourcesMBeanRegistration(LiveResources liveResources,
			MBeanServer mbeanServer) {
		return new LiveResourcesMBeanRegistration(liveResources, mbeanServer);
	}

}
