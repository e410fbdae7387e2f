package dev.asynchooks.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.asynchooks.live.LiveResources;
import dev.asynchooks.live.LiveResources.ParentLink;
import dev.asynchooks.live.LiveResources.TypeStatistics;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DemoApplication}.
 *
 * @author async-hooks
 */
// quiet: no banner, warnings and errors only
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "logging.level.root=warn" })
class DemoApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private LiveResources liveResources;

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

	/**
	 * SPEC rule 13a: a promise leaves the live tree as soon as it is settled, not at the
	 * next garbage collection, so once traffic stops the tree holds no finished promise.
	 */
	@Test
	void liveTreeHoldsNoFinishedPromiseOnceOrdersAreServed() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		long promisesBefore = promisesCreated();
		for (int i = 0; i < 20; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/orders"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\",\"quantity\":" + (i + 1) + "}"))
				.build();
			assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		}
		assertThat(promisesCreated() - promisesBefore).isGreaterThanOrEqualTo(20);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.liveResources.forest(ParentLink.TRIGGER, "PROMISE", 1000).matched())
				.isZero());
		HttpRequest tree = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/asynchooks?type=PROMISE"))
			.build();
		HttpResponse<String> response = client.send(tree, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"matched\":0").contains("\"resources\":[]");
	}

	private long promisesCreated() {
		return this.liveResources.types()
			.stream()
			.filter((type) -> type.type().equals("PROMISE"))
			.mapToLong(TypeStatistics::created)
			.sum();
	}

}
