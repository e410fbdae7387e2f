package dev.asynchooks.autoconfigure.web.servlet;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Wraps the embedded Jetty's handler in a {@link JettyRequestEndHandler}, and tells the
 * {@link IncomingRequestFilter} that its request listener is not needed there.
 */
final class JettyRequestEndCustomizer implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> {

	private final IncomingRequestFilter filter;

	JettyRequestEndCustomizer(IncomingRequestFilter filter) {
		this.filter = filter;
	}

	@Override
	public void customize(ConfigurableJettyWebServerFactory factory) {
		factory.addServerCustomizers((server) -> server.setHandler(new JettyRequestEndHandler(server.getHandler())));
		this.filter.endedByContainer();
	}

}
