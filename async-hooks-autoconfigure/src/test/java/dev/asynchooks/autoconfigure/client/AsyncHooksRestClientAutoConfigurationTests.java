package dev.asynchooks.autoconfigure.client;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksRestClientAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksRestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksRestClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class));

	@Test
	void bootsBuildersGetTheInterceptorFirst() {
		this.contextRunner.run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			assertThat(interceptors(builder)).hasSize(1).first().isInstanceOf(RestExchangeInterceptor.class);
			RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).build();
			assertThat(restTemplate.getInterceptors()).hasSize(1).first().isInstanceOf(RestExchangeInterceptor.class);
		});
	}

	@Test
	void restTemplateBeanBuiltByTheApplicationGetsTheInterceptorFirst() {
		ClientHttpRequestInterceptor own = (request, body, execution) -> execution.execute(request, body);
		this.contextRunner.withBean(RestTemplate.class, () -> {
			RestTemplate restTemplate = new RestTemplate();
			restTemplate.getInterceptors().add(own);
			return restTemplate;
		}).run((context) -> {
			List<ClientHttpRequestInterceptor> interceptors = context.getBean(RestTemplate.class).getInterceptors();
			assertThat(interceptors).hasSize(2);
			assertThat(interceptors.get(0)).isInstanceOf(RestExchangeInterceptor.class);
			assertThat(interceptors.get(1)).isSameAs(own);
		});
	}

	@Test
	void restTemplateBuiltWithBootsBuilderGetsTheInterceptorOnce() {
		this.contextRunner.withUserConfiguration(BuiltClientsConfiguration.class)
			.run((context) -> assertThat(context.getBean(RestTemplate.class).getInterceptors())
				.filteredOn(RestExchangeInterceptor.class::isInstance)
				.hasSize(1));
	}

	@Test
	void restClientBeanBuiltByTheApplicationIsACopyWithTheInterceptor() {
		this.contextRunner.withBean(RestClient.class, () -> RestClient.builder().baseUrl("http://example.org").build())
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				assertThat(interceptors(client.mutate())).hasSize(1)
					.first()
					.isInstanceOf(RestExchangeInterceptor.class);
			});
	}

	@Test
	void restClientBuiltWithBootsBuilderIsKept() {
		this.contextRunner.withUserConfiguration(BuiltClientsConfiguration.class).run((context) -> {
			BuiltClientsConfiguration configuration = context.getBean(BuiltClientsConfiguration.class);
			RestClient client = context.getBean(RestClient.class);
			assertThat(client).isSameAs(configuration.restClient);
			assertThat(interceptors(client.mutate())).hasSize(1);
		});
	}

	@Test
	void restClientGetsTheInterceptorFromThePostProcessorAloneNotFromACustomizer() {
		this.contextRunner.withUserConfiguration(ConfiguredClientConfiguration.class).run((context) -> {
			// Boot's customizers alone, applied to a builder that is no bean
			RestClient.Builder configured = context.getBean(RestClientBuilderConfigurer.class)
				.configure(RestClient.builder());
			assertThat(interceptors(configured)).noneMatch(RestExchangeInterceptor.class::isInstance);
			// the client bean built from it gets the interceptor once
			assertThat(interceptors(context.getBean(RestClient.class).mutate())).hasSize(1)
				.first()
				.isInstanceOf(RestExchangeInterceptor.class);
		});
	}

	@Test
	void backsOffWhenClientsAreDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.restclient.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RestExchangeInterceptor.class)
				.doesNotHaveBean(RestClientsBeanPostProcessor.class);
			assertThat(interceptors(context.getBean(RestClient.Builder.class))).isEmpty();
		});
	}

	@Test
	void backsOffWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RestExchangeInterceptor.class));
	}

	@Test
	void backsOffWithoutSpringWebClients() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksRestClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RestTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RestExchangeInterceptor.class));
	}

	@Test
	void usesTheApplicationsInterceptorBean() {
		RestExchangeInterceptor own = new RestExchangeInterceptor();
		this.contextRunner.withBean(RestExchangeInterceptor.class, () -> own)
			.run((context) -> assertThat(interceptors(context.getBean(RestClient.Builder.class))).containsExactly(own));
	}

	private static List<ClientHttpRequestInterceptor> interceptors(RestClient.Builder builder) {
		List<ClientHttpRequestInterceptor> seen = new ArrayList<>();
		builder.requestInterceptors(seen::addAll);
		return seen;
	}

	@Configuration(proxyBeanMethods = false)
	static class ConfiguredClientConfiguration {

		@Bean
		RestClient restClient(RestClientBuilderConfigurer configurer) {
			return configurer.configure(RestClient.builder()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuiltClientsConfiguration {

		RestClient restClient;

		@Bean
		RestTemplate restTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		RestClient restClient(RestClient.Builder builder) {
			this.restClient = builder.build();
			return this.restClient;
		}

	}

}
