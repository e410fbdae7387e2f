package dev.asynchooks.autoconfigure.client;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of async-hooks for {@code WebClient}: each exchange of a client
 * built from the auto-configured {@code WebClient.Builder} is an
 * {@code HTTPCLIENTREQUEST} resource.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class, before = WebClientAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, WebClient.class, WebClientCustomizer.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.webclient.enabled", matchIfMissing = true)
public final class AsyncHooksWebClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebClientExchangeFilter asyncHooksWebClientExchangeFilter() {
		return new WebClientExchangeFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	WebClientExchangeCustomizer asyncHooksWebClientExchangeCustomizer(WebClientExchangeFilter filter) {
		return new WebClientExchangeCustomizer(filter);
	}

}
