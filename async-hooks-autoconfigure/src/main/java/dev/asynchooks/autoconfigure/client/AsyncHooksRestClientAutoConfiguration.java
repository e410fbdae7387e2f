package dev.asynchooks.autoconfigure.client;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that makes each blocking {@code RestClient} and
 * {@code RestTemplate} exchange an {@code HTTPCLIENTREQUEST} resource.
 * <p>
 * A {@code RestClient} gets the interceptor from one place, the
 * {@link RestClientsBeanPostProcessor}: every {@code RestClient.Builder} bean (Spring
 * Boot's, a prototype, is post-processed each time it is injected) and every
 * {@code RestClient} bean the application built without it. A {@code RestTemplate} bean
 * gets it from the same post-processor, and one built with Spring Boot's
 * {@code RestTemplateBuilder} (which is no bean) from a {@code RestTemplateCustomizer}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, ClientHttpRequestInterceptor.class, RestTemplate.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.restclient.enabled", matchIfMissing = true)
public final class AsyncHooksRestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static RestExchangeInterceptor asyncHooksRestExchangeInterceptor() {
		return new RestExchangeInterceptor();
	}

	@Bean
	@ConditionalOnMissingBean
	static RestClientsBeanPostProcessor asyncHooksRestClientsBeanPostProcessor(
			ObjectProvider<RestExchangeInterceptor> interceptor) {
		return new RestClientsBeanPostProcessor(interceptor::getObject);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestTemplateCustomizer.class)
	static class RestTemplateCustomizerConfiguration {

		@Bean
		RestTemplateCustomizer asyncHooksRestTemplateCustomizer(RestExchangeInterceptor interceptor) {
			return interceptor::addTo;
		}

	}

}
