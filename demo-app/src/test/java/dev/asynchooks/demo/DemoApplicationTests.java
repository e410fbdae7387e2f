package dev.asynchooks.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DemoApplication}.
 *
 * @author async-hooks
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void asyncFulfilmentSeesTheRequestIdOfTheRequestThatPlacedTheOrder() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/orders"))
			.header("Content-Type", "application/json")
			.header("X-Request-Id", "test-request")
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\",\"quantity\":2}"))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"FULFILLED\"")
			.contains("\"requestId\":\"test-request\"")
			.contains("\"fulfilledInRequest\":\"test-request\"");
	}

}
