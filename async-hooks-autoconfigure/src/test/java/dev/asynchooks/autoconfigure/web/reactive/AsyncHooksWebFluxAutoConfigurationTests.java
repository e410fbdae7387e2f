package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksWebFluxAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksWebFluxAutoConfigurationTests {

	private static final AutoConfigurations configurations = AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
			AsyncHooksWebFluxAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(configurations);

	@Test
	void filterIsAutoConfiguredInAReactiveWebApplicationAndOrderedFirst() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HttpIncomingMessageWebFilter.class);
			assertThat(context.getBean(HttpIncomingMessageWebFilter.class).getOrder()).isEqualTo(Integer.MIN_VALUE);
		});
	}

	@Test
	void filterIsNotAutoConfiguredInAServletWebApplication() {
		new WebApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).doesNotHaveBean(HttpIncomingMessageWebFilter.class));
	}

	@Test
	void filterIsNotAutoConfiguredOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).doesNotHaveBean(HttpIncomingMessageWebFilter.class));
	}

	@Test
	void filterBacksOffWhenTheUserDefinesOne() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HttpIncomingMessageWebFilter.class);
			assertThat(context).hasBean("userFilter");
		});
	}

	@Test
	void filterIsNotAutoConfiguredWhenWebFluxIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.webflux.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpIncomingMessageWebFilter.class));
	}

	@Test
	void filterIsNotAutoConfiguredWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpIncomingMessageWebFilter.class));
	}

	@Test
	void filterIsNotAutoConfiguredWithoutWebFlux() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpIncomingMessageWebFilter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		HttpIncomingMessageWebFilter userFilter() {
			return new HttpIncomingMessageWebFilter((exchange) -> 0);
		}

	}

}
