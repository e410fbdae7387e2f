package dev.asynchooks.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.LiveResourcesDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.NodeDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.TypeDescriptor;
import dev.asynchooks.live.PlainTextResourcesFormatter;
import org.jspecify.annotations.Nullable;

/**
 * The {@code text/html} form of {@link AsyncHooksEndpoint}: one self-contained page (its
 * CSS and script inline, nothing loaded from another host) that shows the same forest as
 * the JSON, one line per resource in nested collapsible lists, coloured by type, with a
 * form for the query options, a search box that filters the lines in the browser, and an
 * optional auto-refresh. The lines are rendered here, not by the script, so they are in
 * the page as it arrives.
 * <p>
 * Every value that comes from the application (types, descriptions, details, threads, the
 * options as given) is HTML-escaped; and the page's Content-Security-Policy lets only its
 * own script run (by its SHA-256 hash) and loads nothing from another host. The page is
 * as large as the forest it is given, which the endpoint has already bounded by its
 * limit, and its nesting is bounded by the depth of the trees (64 levels).
 */
final class HtmlResourcesPage {

	// the page split at its three holes: {{form}}, {{summary}} and {{forest}}, in that
	// order
	private static final String[] TEMPLATE = template("asynchooks.html", "{{form}}", "{{summary}}", "{{forest}}");

	private final Options options;

	/**
	 * Create a page.
	 * @param options the query options as the request gave them, shown in the form
	 */
	HtmlResourcesPage(Options options) {
		this.options = options;
	}

	/**
	 * Render the page of a forest.
	 * @param resources the forest and its counts, as the JSON form describes them
	 * @return the page
	 */
	String render(LiveResourcesDescriptor resources) {
		StringBuilder forest = new StringBuilder(256 + 320 * Math.min(resources.included(), 4096));
		if (resources.resources().isEmpty()) {
			forest.append("<p class=\"empty\">No live resource matches.</p>");
		}
		else {
			forest.append("<ul class=\"forest\">\n");
			nodes(resources.resources(), forest);
			forest.append("</ul>");
		}
		return page(summary(resources), forest.toString());
	}

	/**
	 * Render the page of a refused query.
	 * @param message why it was refused
	 * @return the page
	 */
	String error(String message) {
		return page("<p class=\"error\">" + escape(message) + "</p>", "");
	}

	private String page(String summary, String forest) {
		return new StringBuilder(
				TEMPLATE[0].length() + TEMPLATE[3].length() + summary.length() + forest.length() + 2048)
			.append(TEMPLATE[0])
			.append(form())
			.append(TEMPLATE[1])
			.append(summary)
			.append(TEMPLATE[2])
			.append(forest)
			.append(TEMPLATE[3])
			.toString();
	}

	private String form() {
		StringBuilder form = new StringBuilder(640);
		form.append("<form id=\"query\" method=\"get\" action=\"\">");
		form.append("<label for=\"by\">by</label><select id=\"by\" name=\"by\">");
		option(form, "", "trigger");
		option(form, "execution", "execution");
		form.append("</select>");
		input(form, "type", "text", "TYPE (all)", this.options.type());
		input(form, "site", "text", "site contains", this.options.site());
		input(form, "limit", "number", "default", this.options.limit());
		form.append("<button type=\"submit\">show</button></form>\n");
		return form.toString();
	}

	private void option(StringBuilder form, String value, String label) {
		String by = this.options.by();
		boolean selected = (by == null || by.isBlank()) ? value.isEmpty() : value.equalsIgnoreCase(by.trim());
		form.append("<option value=\"").append(value).append('"').append(selected ? " selected" : "").append('>');
		form.append(label).append("</option>");
	}

	private static void input(StringBuilder form, String name, String type, String placeholder,
			@Nullable String value) {
		form.append("<label for=\"").append(name).append("\">").append(name).append("</label>");
		form.append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"").append(type);
		if (type.equals("number")) {
			form.append("\" min=\"1");
		}
		form.append("\" placeholder=\"").append(placeholder).append("\" value=\"");
		form.append(escape((value != null) ? value : "")).append("\">");
	}

	private String summary(LiveResourcesDescriptor resources) {
		StringBuilder summary = new StringBuilder(512);
		summary.append("<p class=\"summary\"><b>").append(resources.live()).append("</b> live, ");
		summary.append(resources.created()).append(" created, ").append(resources.destroyed()).append(" destroyed");
		if (resources.dropped() > 0) {
			summary.append(", <b>").append(resources.dropped());
			summary.append("</b> not tracked (more than ").append(resources.maxTracked()).append(" live)");
		}
		summary.append(", ").append(resources.hookErrors()).append(" hook errors. ");
		summary.append("By ").append(escape(resources.by())).append(": showing <b>").append(resources.included());
		summary.append("</b> of ").append(resources.matched());
		if (resources.truncated()) {
			summary.append(" <b>(truncated at the limit of ").append(resources.limit()).append(")</b>");
		}
		summary.append(". Hooks enabled: ");
		List<String> hooks = resources.hooks();
		summary.append(hooks.isEmpty() ? "none" : escape(String.join(", ", hooks))).append(".</p>\n");
		summary.append("<ul class=\"counts\">");
		if (resources.type() != null) {
			summary.append("<li><a style=\"--hue:0;--s:0%\" href=\"").append(escape(href(null))).append("\">all</a>");
		}
		for (Map.Entry<String, TypeDescriptor> count : resources.counts().entrySet()) {
			String type = count.getKey();
			boolean current = type.equalsIgnoreCase(resources.type());
			summary.append("<li><a").append(current ? " class=\"current\"" : "");
			summary.append(" style=\"--hue:").append(hue(type)).append("\" href=\"").append(escape(href(type)));
			summary.append("\" title=\"").append(count.getValue().created()).append(" created, ");
			summary.append(count.getValue().destroyed()).append(" destroyed\">").append(escape(type)).append(' ');
			summary.append(count.getValue().live()).append("</a>");
		}
		summary.append("</ul>");
		return summary.toString();
	}

	// a link to the same page showing one type (or all), keeping the other options
	private String href(@Nullable String type) {
		StringBuilder query = new StringBuilder("?");
		parameter(query, "by", this.options.by());
		parameter(query, "type", type);
		parameter(query, "site", this.options.site());
		parameter(query, "limit", this.options.limit());
		// "?" alone (no option) is still a link that drops the current query
		return (query.length() > 1) ? query.substring(0, query.length() - 1) : "?";
	}

	private static void parameter(StringBuilder query, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
		}
	}

	// trees are at most LiveResources.MAX_DEPTH levels deep: the recursion is bounded
	private static void nodes(List<NodeDescriptor> nodes, StringBuilder html) {
		for (NodeDescriptor node : nodes) {
			html.append("<li class=\"node\" data-id=\"").append(node.asyncId()).append("\" data-type=\"");
			html.append(escape(node.type())).append("\" style=\"--hue:").append(hue(node.type())).append("\">");
			List<NodeDescriptor> children = node.children();
			if (children == null || children.isEmpty()) {
				html.append("<div class=\"line\">");
				line(node, html);
				html.append("</div></li>\n");
			}
			else {
				html.append("<details open><summary class=\"line\">");
				line(node, html);
				html.append("</summary><ul>\n");
				nodes(children, html);
				html.append("</ul></details></li>\n");
			}
		}
	}

	private static void line(NodeDescriptor node, StringBuilder html) {
		html.append("<span class=\"type\">").append(escape(node.type())).append("</span>");
		html.append("(<span class=\"id\">").append(node.asyncId()).append("</span>) ");
		html.append("<span class=\"state state-").append(escape(node.state())).append("\">");
		html.append(escape(node.state())).append("</span>");
		if (node.thread() != null) {
			html.append(" <span class=\"muted\">on</span> <span class=\"thread\">").append(escape(node.thread()));
			html.append("</span>");
		}
		if (!node.state().equals("listening")) {
			html.append(" <span class=\"runs\">runs: ").append(node.runs()).append("</span>");
		}
		html.append(" <span class=\"age\">age: ").append(PlainTextResourcesFormatter.age(node.age())).append("</span>");
		if (node.description() != null) {
			html.append(" <span class=\"desc\">").append(escape(node.description())).append("</span>");
		}
		if (node.details() != null) {
			html.append(" <span class=\"details\">(").append(escape(node.details())).append(")</span>");
		}
		if (node.site() != null) {
			html.append(" <span class=\"site\">").append(escape(node.site())).append("</span>");
		}
		html.append(" <span class=\"links\">trigger: ").append(node.triggerAsyncId());
		html.append(" execution: ").append(node.executionAsyncId()).append("</span>");
	}

	// the same type has the same colour on every page and in every application
	static int hue(String type) {
		int hash = 0;
		for (int i = 0; i < type.length(); i++) {
			hash = hash * 31 + type.charAt(i);
			hash ^= hash >>> 13;
		}
		return Math.floorMod(hash * 0x9E3779B1, 360);
	}

	static String escape(String value) {
		StringBuilder escaped = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			String replacement = switch (c) {
				case '&' -> "&amp;";
				case '<' -> "&lt;";
				case '>' -> "&gt;";
				case '"' -> "&quot;";
				case '\'' -> "&#39;";
				default -> needsReplacement(c) ? "\uFFFD" : null;
			};
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(value.length() + 16).append(value, 0, i);
			}
			if (escaped != null) {
				if (replacement != null) {
					escaped.append(replacement);
				}
				else {
					escaped.append(c);
				}
			}
		}
		return (escaped != null) ? escaped.toString() : value;
	}

	// controls (a browser would drop or show them oddly) and the bidirectional overrides
	// that would reorder what the line shows
	private static boolean needsReplacement(char c) {
		return (Character.isISOControl(c) && c != '\t') || c == '\u2028' || c == '\u2029'
				|| (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
	}

	// the policy names the hash of the page's one script: no other script can run
	private static String withScriptHash(String template) {
		int start = template.indexOf("<script>") + "<script>".length();
		int end = template.indexOf("</script>", start);
		if (start < "<script>".length() || end < 0 || template.indexOf("<script", end) >= 0) {
			throw new IllegalStateException("The page must have exactly one inline <script>");
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(template.substring(start, end).getBytes(StandardCharsets.UTF_8));
			return template.replace("{{scriptHash}}", "sha256-" + Base64.getEncoder().encodeToString(hash));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	// split once, so that no value put in one hole is ever searched for the next
	private static String[] template(String name, String... holes) {
		String template;
		try (InputStream in = HtmlResourcesPage.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + name + " next to " + HtmlResourcesPage.class);
			}
			template = withScriptHash(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String[] parts = new String[holes.length + 1];
		int start = 0;
		for (int i = 0; i < holes.length; i++) {
			int end = template.indexOf(holes[i], start);
			if (end < 0) {
				throw new IllegalStateException("No " + holes[i] + " in " + name);
			}
			parts[i] = template.substring(start, end);
			start = end + holes[i].length();
		}
		parts[holes.length] = template.substring(start);
		return parts;
	}

	/**
	 * The query options as the request gave them (not yet checked), shown in the form and
	 * kept by the links of the page.
	 *
	 * @param by the parent link
	 * @param type the type filter
	 * @param site the site filter
	 * @param limit the limit
	 */
	record Options(@Nullable String by, @Nullable String type, @Nullable String site, @Nullable String limit) {

	}

}
