package dev.asynchooks.autoconfigure.web.server;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that makes each embedded web server a {@code TCPSERVERWRAP}
 * resource while it listens.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, WebServerInitializedEvent.class })
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
public final class AsyncHooksWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebServerResources asyncHooksWebServerResources() {
		return new WebServerResources();
	}

}
