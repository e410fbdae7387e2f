package dev.asynchooks.autoconfigure.client;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksWebClientAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksWebClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksWebClientAutoConfiguration.class, WebClientAutoConfiguration.class));

	@Test
	void filterIsAddedOnceToTheAutoConfiguredBuilder() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WebClientExchangeFilter.class);
			assertThat(context).hasSingleBean(WebClientExchangeCustomizer.class);
			WebClient.Builder builder = context.getBean(WebClient.Builder.class);
			context.getBean(WebClientExchangeCustomizer.class).customize(builder);
			assertThat(filters(builder)).containsExactly(context.getBean(WebClientExchangeFilter.class));
		});
	}

	@Test
	void filterBacksOffWhenTheUserDefinesOne() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WebClientExchangeFilter.class);
			assertThat(filters(context.getBean(WebClient.Builder.class)))
				.containsExactly(context.getBean("userFilter", WebClientExchangeFilter.class));
		});
	}

	@Test
	void filterIsNotAddedWhenWebClientIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.webclient.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(WebClientExchangeFilter.class);
			assertThat(filters(context.getBean(WebClient.Builder.class))).isEmpty();
		});
	}

	@Test
	void filterIsNotAddedWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebClientExchangeCustomizer.class));
	}

	@Test
	void filterIsNotAutoConfiguredWithoutWebClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebClientExchangeCustomizer.class));
	}

	private static List<ExchangeFilterFunction> filters(WebClient.Builder builder) {
		List<ExchangeFilterFunction> filters = new ArrayList<>();
		builder.filters(filters::addAll);
		return filters;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		WebClientExchangeFilter userFilter() {
			return new WebClientExchangeFilter();
		}

	}

}
