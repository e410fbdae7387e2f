package dev.asynchooks.autoconfigure.web.servlet;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.web.server.AsyncHooksWebServerAutoConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksServletAutoConfiguration} on Jetty.
 *
 * @author async-hooks
 */
class AsyncHooksServletJettyAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksWebServerAutoConfiguration.class, AsyncHooksServletAutoConfiguration.class));

	@Test
	void customizedJettyEndsTheRequestsWithAHandlerAroundItsHandlersInsteadOfTheListener() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JettyRequestEndCustomizer.class);
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
			context.getBean(JettyRequestEndCustomizer.class).customize(factory);
			assertThat(context.getBean(IncomingRequestFilter.class).isEndedByContainer()).isTrue();
			Server server = new Server();
			Handler.Wrapper handlers = new Handler.Wrapper();
			server.setHandler(handlers);
			assertThat(factory.getServerCustomizers()).singleElement()
				.satisfies((customizer) -> customizer.customize(server));
			assertThat(server.getHandler()).isInstanceOf(JettyRequestEndHandler.class);
			assertThat(((JettyRequestEndHandler) server.getHandler()).getHandler()).isSameAs(handlers);
		});
	}

	@Test
	void usesTheListenerWithoutJetty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Handler.class))
			.run((context) -> assertThat(context).hasSingleBean(IncomingRequestFilter.class)
				.hasBean("asyncHooksIncomingRequestListenerRegistration")
				.doesNotHaveBean(JettyRequestEndCustomizer.class));
	}

}
