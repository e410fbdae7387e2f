package dev.asynchooks.autoconfigure.actuate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import dev.asynchooks.live.LiveResourcesJmx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Creation sites in a servlet application: a controller leaks a future at a known line,
 * and holds a request open with a future made at another known line. The endpoint names
 * those lines in JSON, in text, with {@code ?site=} and grouped {@code by=site}; the JMX
 * view ({@code spring.jmx.enabled=true}) returns the same tree.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// lines that end with their site, without a trace (the test class path has
		// Micrometer Tracing for the tracing tests)
		properties = {
				"spring.autoconfigure.exclude=dev.asynchooks.autoconfigure.tracing.AsyncHooksTracingAutoConfiguration",
				"management.endpoints.web.exposure.include=asynchooks", "spring.jmx.enabled=true",
				"management.endpoints.jmx.exposure.include=asynchooks" })
@DirtiesContext
class AsyncHooksEndpointSitesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final String CONTROLLER = SitesController.class.getName();

	@LocalServerPort
	private int port;

	@Autowired
	private SitesController controller;

	@AfterEach
	void cleanUp() {
		this.controller.release.countDown();
		this.controller.leaked.forEach((future) -> future.complete("cleanup"));
		this.controller.gates.forEach((future) -> future.complete("cleanup"));
	}

	@Test
	void endpointNamesTheLinesThatLeakedAFutureAndHoldARequestOpen() throws Exception {
		assertThat(get("/leak", null).body()).isEqualTo("leaked");
		String leakSite = CONTROLLER + ".leak(AsyncHooksEndpointSitesTests.java:" + SitesController.leakLine + ")";
		CompletableFuture<HttpResponse<String>> held = client.sendAsync(HttpRequest.newBuilder(uri("/held")).build(),
				HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.controller.gates.isEmpty());
		String gateSite = CONTROLLER + ".held(AsyncHooksEndpointSitesTests.java:" + SitesController.gateLine + ")";
		String stageSite = CONTROLLER + ".held(AsyncHooksEndpointSitesTests.java:" + (SitesController.gateLine + 2)
				+ ")";

		// JSON: the open request, the future it waits for and the stage it returned
		JsonNode forest = json.readTree(get("/actuator/asynchooks", null).body());
		JsonNode gate = find(forest.get("resources"), gateSite);
		assertThat(gate).as("node with site " + gateSite).isNotNull();
		assertThat(gate.get("type").asString()).isEqualTo(ResourceTypes.PROMISE);
		JsonNode request = json
			.readTree(get("/actuator/asynchooks/" + gate.get("triggerAsyncId").asLong(), null).body())
			.get("resource");
		assertThat(request.get("type").asString()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(request.get("children")).singleElement().satisfies((child) -> {
			assertThat(child.get("site").asString()).isEqualTo(gateSite);
			assertThat(child.get("children")).singleElement()
				.satisfies((stage) -> assertThat(stage.get("site").asString()).isEqualTo(stageSite));
		});
		assertThat(find(forest.get("resources"), leakSite)).isNotNull();

		// text: the site follows the description (the future is under the server and
		// the request)
		String text = get("/actuator/asynchooks", "text/plain").body();
		assertThat(text).containsPattern("\n    PROMISE\\(" + gate.get("asyncId").asLong()
				+ "\\): trigger: \\d+ execution: \\d+ pending runs: 0 age: \\S+ at \\Q" + gateSite + "\\E\n");
		assertThat(text).contains(" at " + leakSite + "\n");

		// ?site=: a flat list
		JsonNode leaks = json.readTree(get("/actuator/asynchooks?site=" + encode(CONTROLLER + ".leak("), null).body())
			.get("resources");
		assertThat(leaks).singleElement().satisfies((node) -> {
			assertThat(node.get("site").asString()).isEqualTo(leakSite);
			assertThat(node.get("children")).isEmpty();
		});
		assertThat(get("/actuator/asynchooks?site=" + encode("AsyncHooksEndpointSitesTests.java:"), "text/plain").body()
			.lines()).hasSize(3).allSatisfy((line) -> assertThat(line).startsWith("PROMISE("));

		// by=site: which line holds how many
		JsonNode grouped = json.readTree(get("/actuator/asynchooks?by=site", null).body());
		assertThat(grouped.get("by").asString()).isEqualTo("site");
		JsonNode leakGroup = null;
		for (JsonNode group : grouped.get("groups")) {
			if (leakSite.equals(group.path("site").asString(null))) {
				leakGroup = group;
			}
		}
		assertThat(leakGroup).isNotNull();
		assertThat(leakGroup.get("count").asInt()).isEqualTo(1);
		assertThat(leakGroup.get("types").get("PROMISE").asInt()).isEqualTo(1);
		assertThat(leakGroup.get("oldestAsyncId").asLong()).isEqualTo(leaks.get(0).get("asyncId").asLong());
		assertThat(get("/actuator/asynchooks?by=site&site=" + encode(CONTROLLER + ".held("), "text/plain").body())
			.contains("1 live at " + gateSite + ": PROMISE 1; oldest: ")
			.contains("1 live at " + stageSite + ": PROMISE 1; oldest: ");
		assertThat(get("/actuator/asynchooks?site=", null).statusCode()).isEqualTo(400);
		assertThat(get("/actuator/asynchooks/1?by=site", null).statusCode()).isEqualTo(400);

		// a task given to the application's task executor: its class identifies the site
		assertThat(get("/task", null).body()).isEqualTo("submitted");
		String taskSite = CONTROLLER + ".task(AsyncHooksEndpointSitesTests.java:" + SitesController.taskLine + ")";
		assertThat(json.readTree(get("/actuator/asynchooks?site=" + encode(CONTROLLER + ".task("), null).body())
			.get("resources")).singleElement().satisfies((node) -> {
				assertThat(node.get("type").asString()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
				assertThat(node.get("site").asString()).isEqualTo(taskSite);
			});

		// JMX, with spring.jmx.enabled
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		String tree = (String) server.invoke(LiveResourcesJmx.objectName(), "tree", null, null);
		assertThat(tree).contains(" at " + gateSite + "\n").contains(" at " + leakSite + "\n");
		Object overJmx = server.invoke(new ObjectName("org.springframework.boot:type=Endpoint,name=Asynchooks"),
				"resourcesText", new Object[] { null, null, null, null }, new String[] { String.class.getName(),
						String.class.getName(), String.class.getName(), String.class.getName() });
		assertThat(String.valueOf(overJmx)).contains(" at " + gateSite);

		this.controller.gates.get(0).complete("done");
		assertThat(held.get(20, TimeUnit.SECONDS).body()).isEqualTo("DONE");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> find(json.readTree(get("/actuator/asynchooks", null).body()).get("resources"),
					gateSite) == null);
	}

	private static JsonNode find(JsonNode nodes, String site) {
		for (JsonNode node : nodes) {
			if (site.equals(node.path("site").asString(null))) {
				return node;
			}
			JsonNode found = find(node.get("children"), site);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
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

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SitesController.class)
	static class SitesApplication {

	}

	@RestController
	static class SitesController {

		static volatile int leakLine;

		static volatile int gateLine;

		static volatile int taskLine;

		final CountDownLatch release = new CountDownLatch(1);

		private final TaskExecutor executor;

		SitesController(TaskExecutor executor) {
			this.executor = executor;
		}

		final List<TrackedCompletableFuture<String>> leaked = new CopyOnWriteArrayList<>();

		final List<TrackedCompletableFuture<String>> gates = new CopyOnWriteArrayList<>();

		@GetMapping("/leak")
		String leak() {
			leakLine = nextLine();
			this.leaked.add(new TrackedCompletableFuture<>());
			return "leaked";
		}

		@GetMapping("/held")
		CompletableFuture<String> held() {
			gateLine = nextLine();
			TrackedCompletableFuture<String> gate = new TrackedCompletableFuture<>();
			this.gates.add(gate);
			return gate.thenApply(String::toUpperCase);
		}

		@GetMapping("/task")
		String task() {
			taskLine = nextLine();
			this.executor.execute(() -> {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			return "submitted";
		}

		private static int nextLine() {
			return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst()).orElseThrow().getLineNumber()
					+ 1;
		}

	}

}
