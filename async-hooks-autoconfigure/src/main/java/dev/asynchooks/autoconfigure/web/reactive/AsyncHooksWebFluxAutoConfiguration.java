package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of async-hooks for WebFlux: each exchange is an
 * {@code HTTPINCOMINGMESSAGE} resource.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, WebFilter.class, Mono.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.webflux.enabled", matchIfMissing = true)
public final class AsyncHooksWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpIncomingMessageWebFilter asyncHooksHttpIncomingMessageWebFilter() {
		return new HttpIncomingMessageWebFilter((exchange) -> 0);
	}

}
