package dev.asynchooks.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.asynchooks.AsyncResource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpointHtmlTests.BROWSER_ACCEPTS;
import static dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpointHtmlTests.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code text/html} form of the {@code asynchooks} endpoint in a WebFlux application
 * on Netty whose actuator has a port of its own ({@code management.server.port}).
 *
 * @author async-hooks
 */
@DirtiesContext // closing the context removes the process-wide Reactor schedule hook
@SpringBootTest(classes = AsyncHooksEndpointHtmlWebFluxTests.ReactiveApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "management.server.port=0",
				"management.endpoints.web.exposure.include=asynchooks",
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration" })
class AsyncHooksEndpointHtmlWebFluxTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void browsersGetThePageOnTheManagementPortWhileOtherClientsKeepJsonAndText() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		AsyncResource resource = new DescribedTestResource("HTML_REACTIVE", "<b>reactive</b>", null);
		try {
			for (String accept : BROWSER_ACCEPTS) {
				HttpResponse<String> page = get("/actuator/asynchooks?type=HTML_REACTIVE", accept);
				assertThat(page.statusCode()).isEqualTo(200);
				assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
				assertThat(page.body()).startsWith("<!DOCTYPE html>").doesNotContain("<b>reactive");
				assertThat(line(page.body(), resource.asyncId()))
					.startsWith("HTML_REACTIVE(" + resource.asyncId() + ") pending")
					.contains("<b>reactive</b>");
			}
			for (String accept : new String[] { null, "*/*", "application/json" }) {
				HttpResponse<String> response = get("/actuator/asynchooks?type=HTML_REACTIVE", accept);
				assertThat(response.headers().firstValue("Content-Type")).as(accept)
					.hasValueSatisfying((type) -> assertThat(type).contains("json"));
				assertThat(response.body()).contains("\"asyncId\":" + resource.asyncId());
			}
			assertThat(get("/actuator/asynchooks?type=HTML_REACTIVE", "text/plain").body())
				.startsWith("HTML_REACTIVE(" + resource.asyncId() + "): ");
			HttpResponse<String> bad = get("/actuator/asynchooks?limit=0", BROWSER_ACCEPTS.get(0));
			assertThat(bad.statusCode()).isEqualTo(400);
			assertThat(bad.body()).contains("<p class=\"error\">Invalid value for &#39;limit&#39;");
		}
		finally {
			resource.emitDestroy();
		}
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.managementPort + path))
			.timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReactiveApplication {

	}

}
