package dev.asynchooks.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.live.LiveResources;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code asynchooks} endpoint over HTTP in a servlet application on a random port.
 * Until the servlet integration tracks requests itself, the held-open request is made a
 * resource by its controller ({@code ORDER_REQUEST}, destroyed when its
 * {@code DeferredResult} completes).
 *
 * @author async-hooks
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=asynchooks,metrics")
@DirtiesContext
class AsyncHooksEndpointWebIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newHttpClient();

	private final List<AsyncResource> made = new ArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private OrderController orders;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private LiveResources liveResources;

	@AfterEach
	void cleanUp() {
		this.made.forEach(AsyncResource::emitDestroy);
		this.orders.pending.values().forEach((result) -> result.setResult("cleanup"));
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	@Test
	void resourceOfAKnownTreeIsJsonWithItsChildrenAndAncestors() throws Exception {
		AsyncResource[] tree = tree();
		long a = tree[0].asyncId();
		long b = tree[1].asyncId();
		long c = tree[2].asyncId();
		HttpResponse<String> response = get("/actuator/asynchooks/" + a, "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(withoutAges(json.readTree(response.body()))).isEqualTo(json.readTree("""
				{"resource": {"asyncId": %1$d, "type": "REQUEST", "triggerAsyncId": 1, "executionAsyncId": 1,
				  "state": "waiting", "runs": 1, "description": "GET /orders/{id}", "details": "******",
				  "children": [
				    {"asyncId": %2$d, "type": "TASK", "triggerAsyncId": %1$d, "executionAsyncId": %1$d,
				     "state": "waiting", "runs": 1, "children": []},
				    {"asyncId": %3$d, "type": "TIMER", "triggerAsyncId": %1$d, "executionAsyncId": %2$d,
				     "state": "pending", "runs": 0, "children": []}]},
				 "continued": [], "ancestors": [], "matched": 3, "included": 3, "truncated": false,
				 "ancestorsTruncated": false}
				""".formatted(a, b, c)));
		JsonNode timer = json.readTree(get("/actuator/asynchooks/" + c, "application/json").body());
		assertThat(timer.get("ancestors")).hasSize(1);
		assertThat(timer.get("ancestors").get(0).get("asyncId").asLong()).isEqualTo(a);
		assertThat(timer.get("resource").get("age").asString()).startsWith("PT");
	}

	@Test
	void resourcesAreAForestWithCountsAndTotals() throws Exception {
		AsyncResource[] tree = tree();
		HttpResponse<String> response = get("/actuator/asynchooks", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("by").asString()).isEqualTo("trigger");
		assertThat(body.get("truncated").asBoolean()).isFalse();
		assertThat(body.get("counts").get("TASK").get("live").asLong()).isEqualTo(1);
		assertThat(body.get("created").asLong()).isPositive();
		assertThat(body.get("hooks").toString()).contains("LiveResources");
		JsonNode request = null;
		for (JsonNode node : body.get("resources")) {
			assertThat(node.get("asyncId").asLong()).isNotEqualTo(tree[1].asyncId());
			if (node.get("asyncId").asLong() == tree[0].asyncId()) {
				request = node;
			}
		}
		assertThat(request).isNotNull();
		assertThat(request.get("children")).hasSize(2);
		JsonNode flat = json.readTree(get("/actuator/asynchooks?type=TIMER&by=execution", null).body());
		assertThat(flat.get("resources")).hasSize(1);
		assertThat(flat.get("resources").get(0).get("asyncId").asLong()).isEqualTo(tree[2].asyncId());
		JsonNode limited = json.readTree(get("/actuator/asynchooks?limit=1", null).body());
		assertThat(limited.get("included").asInt()).isEqualTo(1);
		assertThat(limited.get("truncated").asBoolean()).isTrue();
	}

	@Test
	void textRenderingIsIndentedLikeTheNodeTrees() throws Exception {
		AsyncResource[] tree = tree();
		HttpResponse<String> response = get("/actuator/asynchooks/" + tree[0].asyncId(), "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(response.body().replaceAll("age: [0-9.]+m?s", "age: *")).isEqualTo("""
				REQUEST(%1$d): trigger: 1 execution: 1 waiting runs: 1 age: * "GET /orders/{id}" (******)
				  TASK(%2$d): trigger: %1$d execution: %1$d waiting runs: 1 age: *
				  TIMER(%3$d): trigger: %1$d execution: %2$d pending runs: 0 age: *
				""".formatted(tree[0].asyncId(), tree[1].asyncId(), tree[2].asyncId()));
		HttpResponse<String> all = get("/actuator/asynchooks", "text/plain");
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(all.body()).contains("REQUEST(" + tree[0].asyncId() + "): trigger: 1 execution: 1")
			.contains("\n  TASK(" + tree[1].asyncId() + "): trigger: " + tree[0].asyncId());
	}

	@Test
	void unknownResourceIsNotFoundAndBadInputIsABadRequestNeverAServerError() throws Exception {
		assertThat(get("/actuator/asynchooks/999999999999", null).statusCode()).isEqualTo(404);
		assertThat(get("/actuator/asynchooks/1", "text/plain").statusCode()).isEqualTo(404);
		for (String path : List.of("/actuator/asynchooks/abc", "/actuator/asynchooks/abc?limit=1",
				"/actuator/asynchooks/99999999999999999999999", "/actuator/asynchooks?limit=0",
				"/actuator/asynchooks?limit=-3", "/actuator/asynchooks?limit=abc", "/actuator/asynchooks?limit=",
				"/actuator/asynchooks?by=parent", "/actuator/asynchooks?by=", "/actuator/asynchooks?type=",
				"/actuator/asynchooks?limit=%00", "/actuator/asynchooks/%20")) {
			for (String accept : new String[] { null, "text/plain" }) {
				assertThat(get(path, accept).statusCode()).as(path + " " + accept).isEqualTo(400);
			}
		}
		for (String path : List.of("/actuator/asynchooks?limit=99999999999999", "/actuator/asynchooks?type=%00",
				"/actuator/asynchooks?unknown=1", "/actuator/asynchooks?type=NONE&limit=5&by=execution")) {
			assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
		}
	}

	@Test
	void requestHeldOpenWithADeferredResultAppearsThenDisappears() throws Exception {
		CompletableFuture<HttpResponse<String>> call = client.sendAsync(
				HttpRequest.newBuilder(uri("/orders/42?token=s3cret")).build(), HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(20)).until(() -> this.orders.pending.containsKey(42L));
		JsonNode open = json.readTree(get("/actuator/asynchooks?type=ORDER_REQUEST", null).body());
		assertThat(open.get("resources")).hasSize(1);
		JsonNode request = open.get("resources").get(0);
		assertThat(request.get("description").asString()).isEqualTo("GET /orders/{id}");
		assertThat(request.get("details").asString()).isEqualTo("******");
		assertThat(request.get("state").asString()).isEqualTo("pending");
		assertThat(get("/actuator/asynchooks?type=ORDER_REQUEST", "text/plain").body()).contains("\"GET /orders/{id}\"")
			.doesNotContain("s3cret");
		long asyncId = request.get("asyncId").asLong();
		assertThat(get("/actuator/asynchooks/" + asyncId, null).statusCode()).isEqualTo(200);
		assertThat(this.meterRegistry.get("asynchooks.resources.active").tag("type", "ORDER_REQUEST").gauge().value())
			.isEqualTo(1);
		this.orders.pending.remove(42L).setResult("order 42");
		assertThat(call.get(20, TimeUnit.SECONDS).body()).isEqualTo("order 42");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/actuator/asynchooks/" + asyncId, null).statusCode() == 404);
		assertThat(json.readTree(get("/actuator/asynchooks?type=ORDER_REQUEST", null).body()).get("resources"))
			.isEmpty();
		assertThat(this.meterRegistry.get("asynchooks.resources.active").tag("type", "ORDER_REQUEST").gauge().value())
			.isZero();
		assertThat(this.meterRegistry.get("asynchooks.resources.created")
			.tag("type", "ORDER_REQUEST")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(this.meterRegistry.get("asynchooks.resources.destroyed")
			.tag("type", "ORDER_REQUEST")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(this.meterRegistry.get("asynchooks.resources.lifetime")
			.tag("type", "ORDER_REQUEST")
			.functionTimer()
			.count()).isEqualTo(1);
		HttpResponse<String> metric = get("/actuator/metrics/asynchooks.resources.created?tag=type:ORDER_REQUEST",
				null);
		assertThat(metric.statusCode()).isEqualTo(200);
		assertThat(metric.body()).contains("\"COUNT\"");
	}

	private AsyncResource[] tree() {
		AsyncResource a = made(new DescribedTestResource("REQUEST", "GET /orders/{id}", "GET /orders/42?token=s3cret"));
		AsyncResource[] tree = { a, null, null };
		a.runInAsyncScope(() -> {
			tree[1] = made(new DescribedTestResource("TASK", null, null));
			tree[1].runInAsyncScope(() -> tree[2] = made(new DescribedTestResource("TIMER", a.asyncId())));
		});
		return tree;
	}

	private AsyncResource made(AsyncResource resource) {
		this.made.add(resource);
		return resource;
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static JsonNode withoutAges(JsonNode node) {
		if (node instanceof ObjectNode object) {
			object.remove("age");
		}
		node.forEach(AsyncHooksEndpointWebIntegrationTests::withoutAges);
		return node;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrderController.class)
	static class OrderApplication {

	}

	@RestController
	static class OrderController {

		final Map<Long, DeferredResult<String>> pending = new ConcurrentHashMap<>();

		@GetMapping("/orders/{id}")
		DeferredResult<String> order(@PathVariable long id, HttpServletRequest request) {
			DescribedTestResource resource = new DescribedTestResource("ORDER_REQUEST", "GET /orders/{id}",
					request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString());
			DeferredResult<String> result = new DeferredResult<>(60_000L);
			result.onCompletion(resource::emitDestroy);
			this.pending.put(id, result);
			return result;
		}

	}

}
