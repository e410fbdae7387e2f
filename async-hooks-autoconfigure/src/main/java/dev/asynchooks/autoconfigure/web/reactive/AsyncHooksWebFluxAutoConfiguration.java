package dev.asynchooks.autoconfigure.web.reactive;

import java.net.InetSocketAddress;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;
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
	HttpIncomingMessageWebFilter asyncHooksHttpIncomingMessageWebFilter(ObjectProvider<WebServerResources> servers) {
		SingletonSupplier<WebServerResources> resolved = SingletonSupplier.of(servers::getIfAvailable);
		return new HttpIncomingMessageWebFilter((exchange) -> {
			WebServerResources resources = resolved.get();
			if (resources == null) {
				return 0;
			}
			return resources.triggerAsyncId(exchange, (request) -> {
				InetSocketAddress local = request.getRequest().getLocalAddress();
				return (local != null) ? local.getPort() : -1;
			});
		});
	}

}
