package dev.asynchooks.autoconfigure.web.servlet;

import java.util.List;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link ServletRequestIntegrationTests} with the requests ended by the filter's request
 * listener, as on a server without a container integration (Jetty, an external
 * container): the application replaces the Tomcat valve's customizer by one that does
 * nothing.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = { ServletTestApplication.class, ServletRequestListenerIntegrationTests.NoValve.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
				// the handlers that fail on purpose: "Servlet.service() ... threw
				// exception" with
				// the stack trace, "Resolved [AsyncRequestTimeoutException]"
				"logging.level.org.apache.catalina.core.ContainerBase=off",
				"logging.level.org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver=error" })
class ServletRequestListenerIntegrationTests extends ServletRequestIntegrationTests {

	@Override
	boolean endedByTomcatValve() {
		return false;
	}

	// a known limit of the listener: Tomcat fires requestDestroyed (and onComplete) from
	// inside the async dispatch that ends the request, before its error page, which then
	// runs outside the request's scope
	@Override
	List<String> asyncDispatchThenErrorPage() {
		return List.of("init", "before", "after", "before", "after", "destroy");
	}

	@Configuration(proxyBeanMethods = false)
	static class NoValve {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> asyncHooksTomcatRequestEndCustomizer() {
			return (factory) -> {
			};
		}

	}

}
