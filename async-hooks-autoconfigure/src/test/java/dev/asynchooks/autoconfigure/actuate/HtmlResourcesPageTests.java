package dev.asynchooks.autoconfigure.actuate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.LiveResourcesDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.NodeDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.TypeDescriptor;
import dev.asynchooks.autoconfigure.actuate.HtmlResourcesPage.Options;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HtmlResourcesPage}.
 *
 * @author async-hooks
 */
class HtmlResourcesPageTests {

	@Test
	void pageIsTheTemplateWithTheFormTheSummaryAndTheForestInTheirPlaces() {
		String page = new HtmlResourcesPage(new Options(null, null, null, null)).render(forest(tree()));
		assertThat(page).startsWith("<!DOCTYPE html>")
			.doesNotContain("{{form}}", "{{summary}}", "{{forest}}")
			.containsSubsequence("<form id=\"query\"", "<div id=\"summary\"><p class=\"summary\"><b>3</b> live",
					"<main id=\"forest\"><ul class=\"forest\">", "</main>", "<script>", "</html>");
		assertThat(AsyncHooksEndpointHtmlTests.nodes(page)).containsExactly("REQUEST 2", "TASK 3", "TIMER 4");
		assertThat(AsyncHooksEndpointHtmlTests.line(page, 2))
			.isEqualTo("REQUEST(2) waiting runs: 1 age: 1.5s GET /orders/{id} (******) "
					+ "com.example.Orders.get(Orders.java:42) trigger: 1 execution: 1");
		assertThat(AsyncHooksEndpointHtmlTests.line(page, 4))
			.isEqualTo("TIMER(4) running on worker-1 runs: 3 age: 2m5s trigger: 2 execution: 3");
		assertThat(page).contains("<li class=\"node\" data-id=\"3\" data-type=\"TASK\" style=\"--hue:"
				+ HtmlResourcesPage.hue("TASK") + "\"><details open><summary class=\"line\">");
	}

	@Test
	void policyLetsOnlyThePagesOwnScriptRunAndLoadsNothingFromElsewhere() throws Exception {
		String page = new HtmlResourcesPage(new Options(null, null, null, null)).render(forest(tree()));
		String script = page.substring(page.indexOf("<script>") + "<script>".length(), page.indexOf("</script>"));
		String hash = Base64.getEncoder()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
		assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
				+ "script-src 'sha256-" + hash + "'; style-src 'unsafe-inline'; connect-src 'self'; "
				+ "form-action 'self'; base-uri 'none'\">");
		assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
	}

	@Test
	void optionsThatLookLikeTheTemplatesHolesStayWhereTheyWereGiven() {
		String page = new HtmlResourcesPage(new Options("{{forest}}", "{{summary}}", "{{forest}}", "{{forest}}"))
			.render(forest(tree()));
		assertThat(page).contains("value=\"{{summary}}\"", "value=\"{{forest}}\"");
		assertThat(page.split("<ul class=\"forest\">", -1)).hasSize(2);
		assertThat(page.split("<p class=\"summary\">", -1)).hasSize(2);
	}

	@Test
	void everyValueFromTheApplicationIsEscaped() {
		NodeDescriptor node = new NodeDescriptor(9, "<T>", 1, 1, "pending", Duration.ZERO, 0, "t\"h<r>", null,
				"a & <u> 'c' \"d\"\u202e\n", "<i>", "com.example.<S>.run(S.java:1)", List.of());
		String page = new HtmlResourcesPage(new Options("<by>", "\"><script>", null, "<1>"))
			.render(new LiveResourcesDescriptor("trigger", "<T>", null, 10, 1, 1, false, 1, 1, 0, 0, 100, 0,
					List.of("com.example.<Hook>"), Map.of("<T>", new TypeDescriptor(1, 1, 0, 0)), List.of(node)));
		String body = page.substring(page.indexOf("<body>"), page.indexOf("<script>"));
		assertThat(body)
			.doesNotContain("<T>", "<u>", "<i>", "<r>", "<Hook>", "<by>", "<1>", "\"><script>", "\u202e", "<S>")
			.contains("<span class=\"site\">com.example.&lt;S&gt;.run(S.java:1)</span>", "data-type=\"&lt;T&gt;\"",
					"a &amp; &lt;u&gt; &#39;c&#39; &quot;d&quot;\uFFFD\uFFFD", "t&quot;h&lt;r&gt;", "(&lt;i&gt;)",
					"com.example.&lt;Hook&gt;", "value=\"&quot;&gt;&lt;script&gt;\"", "value=\"&lt;1&gt;\"",
					"href=\"?by=%3Cby%3E&amp;type=%3CT%3E&amp;limit=%3C1%3E\"",
					"href=\"?by=%3Cby%3E&amp;limit=%3C1%3E\">all</a>");
		assertThat(HtmlResourcesPage.escape("plain text")).isSameAs("plain text");
	}

	@Test
	void truncatedForestSaysSoAndAnEmptyOneSaysNothingMatches() {
		LiveResourcesDescriptor truncated = new LiveResourcesDescriptor("execution", null, null, 1, 3, 1, true, 3, 5, 2,
				4, 100, 1, List.of(), Map.of(), List.of(tree().get(0).children().get(0)));
		assertThat(new HtmlResourcesPage(new Options("execution", null, null, "1")).render(truncated))
			.contains("By execution: showing <b>1</b> of 3 <b>(truncated at the limit of 1)</b>")
			.contains("<b>4</b> not tracked (more than 100 live)")
			.contains("Hooks enabled: none.")
			.contains("<option value=\"execution\" selected>");
		LiveResourcesDescriptor empty = new LiveResourcesDescriptor("trigger", "NONE", null, 10, 0, 0, false, 0, 0, 0,
				0, 100, 0, List.of(), Map.of(), List.of());
		assertThat(new HtmlResourcesPage(new Options(null, "NONE", null, null)).render(empty))
			.contains("<p class=\"empty\">No live resource matches.</p>")
			.doesNotContain("<ul class=\"forest\">");
	}

	@Test
	void typeHasOneColourWhereverItIsShown() {
		assertThat(HtmlResourcesPage.hue("HTTPINCOMINGMESSAGE")).isEqualTo(HtmlResourcesPage.hue("HTTPINCOMINGMESSAGE"))
			.isBetween(0, 359);
		assertThat(List.of("PROMISE", "TIMEOUT", "ASYNC_METHOD", "EXECUTOR_TASK", "HTTPINCOMINGMESSAGE")
			.stream()
			.map(HtmlResourcesPage::hue)
			.distinct()).hasSize(5);
	}

	private static List<NodeDescriptor> tree() {
		NodeDescriptor timer = new NodeDescriptor(4, "TIMER", 2, 3, "running", Duration.ofSeconds(125), 3, "worker-1",
				null, null, null, null, List.of());
		NodeDescriptor task = new NodeDescriptor(3, "TASK", 2, 2, "pending", Duration.ofMillis(20), 0, null, null, null,
				null, null, List.of(timer));
		return List.of(new NodeDescriptor(2, "REQUEST", 1, 1, "waiting", Duration.ofMillis(1500), 1, null, null,
				"GET /orders/{id}", "******", "com.example.Orders.get(Orders.java:42)", List.of(task)));
	}

	private static LiveResourcesDescriptor forest(List<NodeDescriptor> nodes) {
		return new LiveResourcesDescriptor("trigger", null, null, 100, 3, 3, false, 3, 7, 4, 0, 100, 0,
				List.of("dev.asynchooks.LiveResources$Callbacks"), Map.of("REQUEST", new TypeDescriptor(1, 2, 1, 0)),
				nodes);
	}

}
