package dev.asynchooks.autoconfigure.web.servlet;

import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import org.apache.catalina.valves.ValveBase;
import org.eclipse.jetty.server.Handler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request integration of {@link AsyncHooksServletAutoConfiguration} for the
 * actuator's own server, when {@code management.server.port} runs it in a child context
 * on a port of its own: the application's filter is not registered there, and the
 * customizers of the application's server are not applied to it. Its requests are
 * triggered by its own {@code TCPSERVERWRAP}. It applies whenever the application's
 * filter exists (the conditions of the auto-configuration hold).
 *
 * @since 0.1.0
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBean(IncomingRequestFilter.class)
public final class AsyncHooksServletManagementChildContextConfiguration {

	// beans of the child context: no @ConditionalOnMissingBean, which would find the
	// application's in the parent

	@Bean
	IncomingRequestFilter asyncHooksManagementIncomingRequestFilter(ObjectProvider<WebServerResources> servers) {
		return new IncomingRequestFilter(servers);
	}

	@Bean
	FilterRegistrationBean<IncomingRequestFilter> asyncHooksManagementIncomingRequestFilterRegistration(
			IncomingRequestFilter asyncHooksManagementIncomingRequestFilter) {
		return AsyncHooksServletAutoConfiguration.filterRegistration(asyncHooksManagementIncomingRequestFilter);
	}

	@Bean
	ServletContextInitializer asyncHooksManagementIncomingRequestListenerRegistration(
			IncomingRequestFilter asyncHooksManagementIncomingRequestFilter) {
		return AsyncHooksServletAutoConfiguration.listenerRegistration(asyncHooksManagementIncomingRequestFilter);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConfigurableTomcatWebServerFactory.class, ValveBase.class })
	static class TomcatConfiguration {

		@Bean
		TomcatRequestEndCustomizer asyncHooksManagementTomcatRequestEndCustomizer(
				IncomingRequestFilter asyncHooksManagementIncomingRequestFilter) {
			return new TomcatRequestEndCustomizer(asyncHooksManagementIncomingRequestFilter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConfigurableJettyWebServerFactory.class, Handler.class })
	static class JettyConfiguration {

		@Bean
		JettyRequestEndCustomizer asyncHooksManagementJettyRequestEndCustomizer(
				IncomingRequestFilter asyncHooksManagementIncomingRequestFilter) {
			return new JettyRequestEndCustomizer(asyncHooksManagementIncomingRequestFilter);
		}

	}

}
