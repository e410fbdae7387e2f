package dev.asynchooks.autoconfigure.web.servlet;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServletRequestIntegrationTests} on a real Jetty (Tomcat's auto-configuration
 * excluded in place of Jetty's, see the test {@code application.properties}): the same
 * request lifecycle as on Tomcat, the requests ended by a handler around Jetty's
 * handlers. The connector accepts a queue of 100 connections, Tomcat's default: Jetty's
 * default leaves the backlog to the JDK (50), and the concurrent test opens 66
 * connections at once (the ones the kernel drops come back with the client's SYN retries,
 * up to 31 s later).
 *
 * @author async-hooks
 */
@SpringBootTest(classes = { ServletTestApplication.class, JettyServletRequestIntegrationTests.AcceptQueue.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration",
				// Jetty logs the exceptions of /boom with their stack traces at WARN
				"logging.level.org.eclipse.jetty.ee11.servlet.ServletChannel=error" })
class JettyServletRequestIntegrationTests extends ServletRequestIntegrationTests {

	@Autowired
	private ServletWebServerApplicationContext context;

	@Autowired
	private IncomingRequestFilter filter;

	@Configuration(proxyBeanMethods = false)
	static class AcceptQueue {

		@Bean
		WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> acceptQueueCustomizer() {
			return (factory) -> factory.addServerCustomizers((server) -> {
				for (Connector connector : server.getConnectors()) {
					if (connector instanceof ServerConnector serverConnector) {
						serverConnector.setAcceptQueueSize(100);
					}
				}
			});
		}

	}

	@Override
	@Test
	void requestsAreEndedByTheTomcatValveOrByTheRequestListenerNeverBoth() {
		assertThat(this.context.getWebServer()).isInstanceOf(JettyWebServer.class);
		Server server = ((JettyWebServer) this.context.getWebServer()).getServer();
		assertThat(server.getDescendants(JettyRequestEndHandler.class)).hasSize(1);
		assertThat(this.filter.isEndedByContainer()).isTrue();
		ServletContextHandler servletContext = server.getDescendant(ServletContextHandler.class);
		assertThat(servletContext.getEventListeners()).as("request listeners")
			.filteredOn(IncomingRequestListener.class::isInstance)
			.isEmpty();
	}

}
