package dev.asynchooks.autoconfigure.web.servlet;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Adds a {@link TomcatRequestEndValve} to the embedded Tomcat, and tells the
 * {@link IncomingRequestFilter} that its request listener is not needed there.
 */
final class TomcatRequestEndCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	private final IncomingRequestFilter filter;

	TomcatRequestEndCustomizer(IncomingRequestFilter filter) {
		this.filter = filter;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addEngineValves(new TomcatRequestEndValve());
		this.filter.endedByContainer();
	}

}
