package dev.asynchooks.autoconfigure.web.servlet;

import java.util.EnumSet;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.web.server.AsyncHooksWebServerAutoConfiguration;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AsyncHooksServletAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksServletAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksWebServerAutoConfiguration.class, AsyncHooksServletAutoConfiguration.class));

	@Test
	void filterIsRegisteredFirstForRequestAsyncAndErrorDispatchesAndTomcatEndsTheRequests() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(IncomingRequestFilter.class);
			IncomingRequestFilter filter = context.getBean(IncomingRequestFilter.class);
			FilterRegistrationBean<?> registration = context.getBean("asyncHooksIncomingRequestFilterRegistration",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isSameAs(filter);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(registration.isAsyncSupported()).isTrue();
			assertThat(registration).extracting("dispatcherTypes")
				.isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
			assertThat(context).hasBean("asyncHooksIncomingRequestListenerRegistration")
				.hasSingleBean(TomcatRequestEndCustomizer.class);
			// no Tomcat factory customized here: the listener is registered
			ServletContext servletContext = mock(ServletContext.class);
			context.getBean("asyncHooksIncomingRequestListenerRegistration", ServletContextInitializer.class)
				.onStartup(servletContext);
			assertThat(filter.isEndedByContainer()).isFalse();
			then(servletContext).should().addListener(any(IncomingRequestListener.class));
			assertThat(context.getBeanProvider(ResolvableType.forClass(WebMvcConfigurer.class)).stream()).hasSize(1);
		});
	}

	@Test
	void customizedTomcatEndsTheRequestsWithAValveInsteadOfTheListener() {
		this.contextRunner.run((context) -> {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			context.getBean(TomcatRequestEndCustomizer.class).customize(factory);
			assertThat(factory.getEngineValves()).singleElement().isInstanceOf(TomcatRequestEndValve.class);
			assertThat(context.getBean(IncomingRequestFilter.class).isEndedByContainer()).isTrue();
		});
	}

	@Test
	void usesTheListenerWithoutTomcat() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ValveBase.class))
			.run((context) -> assertThat(context).hasSingleBean(IncomingRequestFilter.class)
				.hasBean("asyncHooksIncomingRequestListenerRegistration")
				.doesNotHaveBean(TomcatRequestEndCustomizer.class));
	}

	@Test
	void backsOffWhenWebMvcIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.webmvc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IncomingRequestFilter.class)
				.doesNotHaveBean("asyncHooksIncomingRequestFilterRegistration"));
	}

	@Test
	void backsOffWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IncomingRequestFilter.class));
	}

	@Test
	void backsOffInAReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksServletAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(IncomingRequestFilter.class));
	}

	@Test
	void backsOffWithoutTheServletApi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(jakarta.servlet.Filter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(IncomingRequestFilter.class));
	}

	@Test
	void keepsTheFilterWithoutSpringMvcButDoesNotNameRequestsByPattern() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(IncomingRequestFilter.class)
				.doesNotHaveBean(WebMvcConfigurer.class));
	}

	@Test
	void usesTheApplicationsFilterBean() {
		IncomingRequestFilter own = new IncomingRequestFilter(
				new StaticListableBeanFactory().getBeanProvider(WebServerResources.class));
		this.contextRunner.withBean(IncomingRequestFilter.class, () -> own)
			.run((context) -> assertThat(context.getBean(IncomingRequestFilter.class)).isSameAs(own));
	}

}
