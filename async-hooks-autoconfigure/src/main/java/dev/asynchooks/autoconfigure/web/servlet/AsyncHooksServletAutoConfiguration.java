package dev.asynchooks.autoconfigure.web.servlet;

import java.util.EnumSet;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.task.TaskDecoratorBeanPostProcessor;
import dev.asynchooks.autoconfigure.web.server.AsyncHooksWebServerAutoConfiguration;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.apache.catalina.valves.ValveBase;
import org.eclipse.jetty.server.Handler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that makes each request of a servlet web application an
 * {@code HTTPINCOMINGMESSAGE} resource, named after its Spring MVC path pattern.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { AsyncHooksAutoConfiguration.class, AsyncHooksWebServerAutoConfiguration.class })
@ConditionalOnClass({ AsyncHooks.class, Filter.class, FilterRegistrationBean.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.webmvc.enabled", matchIfMissing = true)
public final class AsyncHooksServletAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IncomingRequestFilter asyncHooksIncomingRequestFilter(ObjectProvider<WebServerResources> servers) {
		return new IncomingRequestFilter(servers);
	}

	@Bean
	@ConditionalOnMissingBean(name = "asyncHooksIncomingRequestFilterRegistration")
	FilterRegistrationBean<IncomingRequestFilter> asyncHooksIncomingRequestFilterRegistration(
			IncomingRequestFilter filter) {
		return filterRegistration(filter);
	}

	// a request listener ends the requests, unless the server does (the embedded
	// Tomcat's valve or Jetty's handler, added when the server factory is customized,
	// before the server starts and runs this)
	@Bean
	@ConditionalOnMissingBean(name = "asyncHooksIncomingRequestListenerRegistration")
	ServletContextInitializer asyncHooksIncomingRequestListenerRegistration(IncomingRequestFilter filter) {
		return listenerRegistration(filter);
	}

	static FilterRegistrationBean<IncomingRequestFilter> filterRegistration(IncomingRequestFilter filter) {
		FilterRegistrationBean<IncomingRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
		registration.setOrder(IncomingRequestFilter.ORDER);
		registration.setAsyncSupported(true);
		return registration;
	}

	static ServletContextInitializer listenerRegistration(IncomingRequestFilter filter) {
		return (servletContext) -> {
			if (!filter.isEndedByContainer()) {
				servletContext.addListener(new IncomingRequestListener());
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConfigurableTomcatWebServerFactory.class, ValveBase.class })
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "asyncHooksTomcatRequestEndCustomizer")
		TomcatRequestEndCustomizer asyncHooksTomcatRequestEndCustomizer(IncomingRequestFilter filter) {
			return new TomcatRequestEndCustomizer(filter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConfigurableJettyWebServerFactory.class, Handler.class })
	static class JettyConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "asyncHooksJettyRequestEndCustomizer")
		JettyRequestEndCustomizer asyncHooksJettyRequestEndCustomizer(IncomingRequestFilter filter) {
			return new JettyRequestEndCustomizer(filter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebMvcConfigurer.class, RequestMappingHandlerAdapter.class })
	static class MvcConfiguration {

		@Bean
		WebMvcConfigurer asyncHooksWebMvcConfigurer() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new RequestMappingInterceptor());
				}

			};
		}

		@Bean
		static AsyncExecutorBeanPostProcessor asyncHooksMvcAsyncExecutorBeanPostProcessor(
				ObjectProvider<TaskDecoratorBeanPostProcessor> taskDecorators) {
			return new AsyncExecutorBeanPostProcessor(taskDecorators);
		}

		@Bean
		static AsyncCallbacksBeanPostProcessor asyncHooksMvcAsyncCallbacksBeanPostProcessor() {
			return new AsyncCallbacksBeanPostProcessor();
		}

	}

}
