package dev.asynchooks.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code text/html} form of the {@code asynchooks} endpoint in a servlet application:
 * what a browser gets, that other clients keep JSON and text, the options, and escaping.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = HtmlPageApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=asynchooks")
class AsyncHooksEndpointHtmlTests {

	/** What Chromium, Firefox and Safari send when a person opens a URL. */
	static final List<String> BROWSER_ACCEPTS = List.of(
			"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
					+ "application/signed-exchange;v=b3;q=0.7",
			"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

	private static final Pattern NODE = Pattern.compile("<li class=\"node\" data-id=\"(\\d+)\" data-type=\"([^\"]*)\"");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newHttpClient();

	private final List<AsyncResource> made = new ArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private HtmlPageApplication.Kitchen kitchen;

	@AfterEach
	void cleanUp() {
		this.made.forEach(AsyncResource::emitDestroy);
		this.kitchen.release();
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	@Test
	void browsersGetThePageWhileOtherClientsKeepJsonAndText() throws Exception {
		for (String accept : BROWSER_ACCEPTS) {
			HttpResponse<String> page = get("/actuator/asynchooks", accept);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
			assertThat(page.body()).startsWith("<!DOCTYPE html>")
				.contains("<ul class=\"forest\">")
				.endsWith("</html>\n");
		}
		for (String accept : new String[] { null, "*/*", "application/json", "application/json, application/*+json" }) {
			HttpResponse<String> response = get("/actuator/asynchooks", accept);
			assertThat(response.statusCode()).as(accept).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).as(accept)
				.hasValueSatisfying((type) -> assertThat(type).contains("json"));
			assertThat(json.readTree(response.body()).get("resources").isArray()).isTrue();
		}
		HttpResponse<String> text = get("/actuator/asynchooks", "text/plain");
		assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(text.body()).doesNotContain("<");
	}

	@Test
	void pageShowsTheOpenRequestWithItsAsyncMethodUnderIt() throws Exception {
		this.kitchen.hold();
		CompletableFuture<HttpResponse<String>> call = client
			.sendAsync(HttpRequest.newBuilder(uri("/orders/42")).build(), HttpResponse.BodyHandlers.ofString());
		JsonNode method = await().atMost(Duration.ofSeconds(30))
			.until(() -> only(ResourceTypes.ASYNC_METHOD), (node) -> node != null);
		long request = method.get("triggerAsyncId").asLong();
		String page = get("/actuator/asynchooks", BROWSER_ACCEPTS.get(0)).body();
		String requestLine = line(page, request);
		assertThat(requestLine).startsWith("HTTPINCOMINGMESSAGE(" + request + ") ")
			.contains("GET /orders/{id}")
			.contains("trigger: ");
		String methodLine = line(page, method.get("asyncId").asLong());
		assertThat(methodLine).startsWith("ASYNC_METHOD(" + method.get("asyncId").asLong() + ") ")
			.contains(method.get("description").asString())
			.contains("trigger: " + request);
		String requestNode = page.substring(page.indexOf("data-id=\"" + request + "\""));
		assertThat(requestNode.indexOf("data-id=\"" + method.get("asyncId").asLong() + "\""))
			.as("the @Async method is nested in the request's list")
			.isLessThan(requestNode.indexOf("</ul></details></li>"));
		this.kitchen.release();
		assertThat(call.get(30, TimeUnit.SECONDS).body()).isEqualTo("order 42");
	}

	@Test
	void valuesFromTheApplicationAreEscaped() throws Exception {
		AsyncResource resource = made(new DescribedTestResource("X\"><script>type()</script>",
				"<script>alert('description')</script> & more", "<img src=x onerror=alert(1)>"));
		String page = get("/actuator/asynchooks?type=" + encoded(resource.type()), BROWSER_ACCEPTS.get(1)).body();
		assertThat(page).doesNotContain("<script>alert", "<script>type", "<img")
			.contains("X&quot;&gt;&lt;script&gt;type()&lt;/script&gt;</span>(<span class=\"id\">" + resource.asyncId())
			.contains("&lt;script&gt;alert(&#39;description&#39;)&lt;/script&gt; &amp; more")
			.contains("value=\"X&quot;&gt;&lt;script&gt;type()&lt;/script&gt;\"")
			.contains("(******)")
			.contains("<a style=\"--hue:0;--s:0%\" href=\"?\">all</a>");
		assertThat(line(page, resource.asyncId())).contains("<script>alert('description')</script> & more");
		assertThat(page.split("<script>", -1)).as("only the page's own script").hasSize(2);
	}

	@Test
	void optionsWorkAsForJson() throws Exception {
		AsyncResource first = made(new DescribedTestResource("HTML_TEST", "first", null));
		AsyncResource second = made(new DescribedTestResource("HTML_TEST", "second", null));
		String accept = BROWSER_ACCEPTS.get(0);
		String typed = get("/actuator/asynchooks?type=html_test", accept).body();
		assertThat(nodes(typed)).containsExactly("HTML_TEST " + first.asyncId(), "HTML_TEST " + second.asyncId());
		assertThat(typed).contains("showing <b>2</b> of 2.");
		String limited = get("/actuator/asynchooks?type=HTML_TEST&limit=1", accept).body();
		assertThat(nodes(limited)).containsExactly("HTML_TEST " + first.asyncId());
		assertThat(limited).contains("showing <b>1</b> of 2 <b>(truncated at the limit of 1)</b>")
			.contains("value=\"1\"");
		assertThat(get("/actuator/asynchooks?by=execution&type=HTML_TEST", accept).body())
			.contains("By execution: showing <b>2</b>")
			.contains("<option value=\"execution\" selected>");
		HttpResponse<String> empty = get("/actuator/asynchooks?by=&type=&limit=", accept);
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(nodes(empty.body())).contains("HTML_TEST " + first.asyncId(), "HTML_TEST " + second.asyncId());
	}

	@Test
	void badOptionsAreABadRequestPageNeverAServerError() throws Exception {
		for (String query : List.of("limit=0", "limit=-1", "limit=abc", "by=parent", "limit=%3Cb%3E")) {
			HttpResponse<String> response = get("/actuator/asynchooks?" + query, BROWSER_ACCEPTS.get(0));
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
			assertThat(response.body()).as(query)
				.contains("<p class=\"error\">Invalid value for &#39;")
				.doesNotContain("<b>\"");
		}
		assertThat(get("/actuator/asynchooks?limit=%3Cb%3E", BROWSER_ACCEPTS.get(0)).body())
			.contains("value=\"&lt;b&gt;\"");
	}

	private JsonNode only(String type) throws IOException, InterruptedException {
		JsonNode resources = json.readTree(get("/actuator/asynchooks?type=" + type, "application/json").body())
			.get("resources");
		return (resources.size() == 1) ? resources.get(0) : null;
	}

	private AsyncResource made(AsyncResource resource) {
		this.made.add(resource);
		return resource;
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String encoded(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** The nodes of a page in document order, as {@code TYPE asyncId}. */
	static List<String> nodes(String page) {
		List<String> nodes = new ArrayList<>();
		Matcher matcher = NODE.matcher(page);
		while (matcher.find()) {
			nodes.add(unescape(matcher.group(2)) + " " + matcher.group(1));
		}
		return nodes;
	}

	/** The text of a resource's line, as a person reads it, or {@code null}. */
	static String line(String page, long asyncId) {
		int node = page.indexOf("<li class=\"node\" data-id=\"" + asyncId + "\"");
		if (node < 0) {
			return null;
		}
		int start = page.indexOf("class=\"line\">", node) + "class=\"line\">".length();
		int end = page.indexOf("</summary>", start);
		int div = page.indexOf("</div>", start);
		if (end < 0 || (div >= 0 && div < end)) {
			end = div;
		}
		return unescape(page.substring(start, end).replaceAll("<[^>]*>", ""));
	}

	static String unescape(String html) {
		return html.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&amp;", "&");
	}

}
