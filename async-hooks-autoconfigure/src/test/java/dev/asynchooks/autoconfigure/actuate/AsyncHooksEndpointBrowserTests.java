package dev.asynchooks.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpointHtmlTests.line;
import static dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpointHtmlTests.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page of the {@code asynchooks} endpoint in a real browser: headless Chromium opens
 * {@code /actuator/asynchooks} (with its own {@code Accept} header) while two requests
 * are held open by their {@code @Async} methods, one running and one pending in the
 * queue, and the DOM it has after the load event shows their lines. Skipped without a
 * chromium binary, unless {@code CI=true} ({@link HeadlessChromium}).
 *
 * @author async-hooks
 */
@SpringBootTest(classes = HtmlPageApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=asynchooks")
class AsyncHooksEndpointBrowserTests {

	private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(120);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private HtmlPageApplication.Kitchen kitchen;

	@Autowired
	private HtmlPageApplication.PageRequests pageRequests;

	private HeadlessChromium chromium;

	private AsyncResource hostile;

	private CompletableFuture<HttpResponse<String>> first;

	private CompletableFuture<HttpResponse<String>> second;

	@BeforeEach
	void holdARequestOpen() {
		this.chromium = HeadlessChromium.require();
		this.kitchen.hold();
		this.first = order(7);
		this.second = order(8);
		this.hostile = new DescribedTestResource("HOSTILE",
				"<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
						+ "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
				null);
	}

	@AfterEach
	void release() throws Exception {
		if (this.hostile == null) {
			return; // skipped: no browser
		}
		this.hostile.emitDestroy();
		this.kitchen.release();
		assertThat(this.first.get(30, TimeUnit.SECONDS).body()).isEqualTo("order 7");
		assertThat(this.second.get(30, TimeUnit.SECONDS).body()).isEqualTo("order 8");
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	@Test
	void renderedPageShowsTheOpenRequestsAndTheirAsyncMethodsRunningAndPending() throws Exception {
		JsonNode running = asyncMethod("running");
		JsonNode pending = asyncMethod("pending");
		String dom = this.chromium.dumpDom(uri("/actuator/asynchooks"), BROWSER_TIMEOUT);
		assertThat(dom).as("the page's script ran to its end").contains("data-rendered=\"" + nodes(dom).size() + "\"");
		for (JsonNode method : List.of(running, pending)) {
			long methodId = method.get("asyncId").asLong();
			long requestId = method.get("triggerAsyncId").asLong();
			assertThat(nodes(dom)).contains("HTTPINCOMINGMESSAGE " + requestId, "ASYNC_METHOD " + methodId);
			assertThat(line(dom, requestId)).startsWith("HTTPINCOMINGMESSAGE(" + requestId + ") ")
				.contains("GET /orders/{id}");
			assertThat(line(dom, methodId))
				.startsWith("ASYNC_METHOD(" + methodId + ") " + method.get("state").asString())
				.contains("Kitchen.prepare()")
				.contains(method.get("description").asString())
				.contains("trigger: " + requestId);
		}
		assertThat(line(dom, running.get("asyncId").asLong())).contains(" on cook-1 ");
		assertThat(nodes(dom)).contains("HOSTILE " + this.hostile.asyncId());
		assertThat(line(dom, this.hostile.asyncId())).contains("<img src=x onerror=", "<script>document");
		assertThat(dom.substring(0, dom.indexOf('>', dom.indexOf("<html")))).as("no markup of a description ran")
			.doesNotContain("data-pwned");
		assertThat(dom).as("nor was parsed").doesNotContain("<img");
		assertThat(dom.split("<script", -1)).as("only the page's own script").hasSize(2);
	}

	@Test
	void searchFromTheFragmentHidesTheLinesThatDoNotMatchButKeepsTheirAncestors() throws Exception {
		JsonNode method = asyncMethod("running");
		long methodId = method.get("asyncId").asLong();
		long requestId = method.get("triggerAsyncId").asLong();
		String dom = this.chromium.dumpDom(uri("/actuator/asynchooks#q=ASYNC_METHOD(" + methodId + ")"),
				BROWSER_TIMEOUT);
		assertThat(tag(dom, methodId)).doesNotContain("hidden");
		assertThat(tag(dom, requestId)).doesNotContain("hidden");
		assertThat(tag(dom, this.hostile.asyncId())).contains("hidden");
		assertThat(dom).contains("class=\"line match\"><span class=\"type\">ASYNC_METHOD</span>(<span class=\"id\">"
				+ methodId + "</span>)");
		assertThat(dom.split("class=\"line match\"", -1)).as("one line matches").hasSize(2);
		long shown = nodes(dom).stream()
			.map((node) -> Long.parseLong(node.substring(node.lastIndexOf(' ') + 1)))
			.filter((asyncId) -> !tag(dom, asyncId).contains("hidden"))
			.count();
		assertThat(shown).as("the line and its ancestors").isGreaterThanOrEqualTo(2);
		assertThat(dom).contains(">" + shown + " of " + nodes(dom).size() + " lines shown</span>");
	}

	@Test
	void autoRefreshChosenInTheFragmentReloadsTheTreeInPlace() throws Exception {
		JsonNode method = asyncMethod("pending");
		long methodId = method.get("asyncId").asLong();
		int before = this.pageRequests.count.get();
		String dom = this.chromium.dumpDom(uri("/actuator/asynchooks#refresh=2"), Duration.ofSeconds(5),
				BROWSER_TIMEOUT);
		assertThat(this.pageRequests.count.get() - before).as("the page, then a refresh every 2 s for 5 s")
			.isGreaterThanOrEqualTo(3);
		assertThat(line(dom, methodId)).startsWith("ASYNC_METHOD(" + methodId + ") pending");
		assertThat(dom.split("<main id=\"forest\">", -1)).as("the tree replaced, not added").hasSize(2);
		assertThat(dom).contains("data-rendered=\"");
	}

	// the @Async invocation of one of the two orders, once both are live
	private JsonNode asyncMethod(String state) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode resources = json.readTree(get("/actuator/asynchooks?type=" + ResourceTypes.ASYNC_METHOD).body())
				.get("resources");
			if (resources.size() != 2) {
				return null;
			}
			for (JsonNode resource : resources) {
				if (resource.get("state").asString().equals(state)) {
					return resource;
				}
			}
			return null;
		}, (node) -> node != null);
	}

	private CompletableFuture<HttpResponse<String>> order(long id) {
		return client.sendAsync(HttpRequest.newBuilder(uri("/orders/" + id)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	// the opening tag of a resource's list item
	private static String tag(String dom, long asyncId) {
		int start = dom.indexOf("<li class=\"node\" data-id=\"" + asyncId + "\"");
		assertThat(start).as("line of " + asyncId).isNotNegative();
		return dom.substring(start, dom.indexOf('>', start) + 1);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
