package dev.asynchooks.autoconfigure.web.servlet;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AsyncCallbacksIntegrationTests} on a real Jetty (Tomcat's auto-configuration
 * excluded in place of Jetty's, see the test {@code application.properties}).
 *
 * @author async-hooks
 */
@SpringBootTest(classes = { ServletTestApplication.class, AsyncCallbacksIntegrationTests.CallbacksController.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration",
				"logging.level.org.eclipse.jetty.ee11.servlet.ServletChannel=error",
				// see JettyServletRequestIntegrationTests
				"test.async-timeout=2000" })
class JettyAsyncCallbacksIntegrationTests extends AsyncCallbacksIntegrationTests {

	// Jetty 12.1 calls no AsyncListener.onError for an HTTP/1.1 client that went away
	// (neither when the application's write fails nor on the connection's idle timeout):
	// the request ends when the emitter times out
	@Override
	@Test
	void sseEmitterErrorAndCompletionCallbacksRunInTheRequestWhenTheClientIsGone() throws Exception {
		abortAndWriteUntilItFails("s3", "?timeout=2000");
		assertCallbacksRanInTheRequest("s3", "onCompletion");
		assertThat(this.controller.callbacks).doesNotContainKey("s3.onError");
	}

}
