package dev.asynchooks.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.asynchooks.live.LiveResources.Node;
import org.jspecify.annotations.Nullable;

/**
 * Formats live resources as the indented trees of the Node.js async_hooks documentation,
 * one line per resource: type and id, trigger and creating context, state, the thread
 * running it with its id (as {@code #id} in a JDK thread dump), runs, age, description,
 * details and creation site. The one text form of the registry, used by the actuator
 * endpoint, the JUnit extension and the JMX dump.
 * <p>
 * The output is linear in the number of resources shown: indentation stops growing after
 * {@value #MAX_INDENT} levels, where the depth is written as a number instead; and every
 * value that comes from the application (type, thread, description, details, site) has
 * its control characters escaped, so that no value can start a line of its own or send a
 * terminal escape sequence. Not thread-safe: one formatter per text.
 *
 * <pre>{@code
 * String text = new PlainTextResourcesFormatter(false)
 *     .trees(liveResources.forest(ParentLink.TRIGGER, null, 1000).nodes(), 0)
 *     .toString();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PlainTextResourcesFormatter {

	/** The deepest level shown by indentation; deeper lines say {@code [depth N]}. */
	public static final int MAX_INDENT = 32;

	/** What stands for details that may not be shown. */
	public static final String MASK = "******";

	private static final String INDENT = "  ".repeat(MAX_INDENT);

	private final boolean showDetails;

	private final StringBuilder text = new StringBuilder();

	/**
	 * Create a formatter.
	 * @param showDetails whether possibly sensitive details are shown or masked
	 */
	public PlainTextResourcesFormatter(boolean showDetails) {
		this.showDetails = showDetails;
	}

	/**
	 * Append trees, their top-level nodes at {@code depth}.
	 * @param nodes the top-level nodes
	 * @param depth their depth
	 * @return this formatter
	 */
	public PlainTextResourcesFormatter trees(List<Node> nodes, int depth) {
		for (Node node : nodes) {
			tree(node, depth);
		}
		return this;
	}

	// trees are at most LiveResources.MAX_DEPTH levels deep: the recursion is bounded
	private void tree(Node node, int depth) {
		resource(node.resource(), depth);
		for (Node child : node.children()) {
			tree(child, depth + 1);
		}
	}

	/**
	 * Append a set of resources as trees by trigger: a resource whose trigger is among
	 * them is written under it, the others are top-level, in {@code asyncId} order.
	 * @param resources the resources
	 * @param max the most lines to write; a last line says how many more there are
	 * @return this formatter
	 */
	public PlainTextResourcesFormatter resources(List<LiveResource> resources, int max) {
		Map<Long, LiveResource> byId = new HashMap<>();
		for (LiveResource resource : resources) {
			byId.put(resource.asyncId(), resource);
		}
		Map<Long, List<LiveResource>> children = new HashMap<>();
		List<LiveResource> roots = new ArrayList<>();
		for (LiveResource resource : resources) {
			if (resource.triggerAsyncId() != resource.asyncId() && byId.containsKey(resource.triggerAsyncId())) {
				children.computeIfAbsent(resource.triggerAsyncId(), (id) -> new ArrayList<>()).add(resource);
			}
			else {
				roots.add(resource);
			}
		}
		Comparator<LiveResource> byAsyncId = Comparator.comparingLong(LiveResource::asyncId);
		roots.sort(byAsyncId);
		children.values().forEach((list) -> list.sort(byAsyncId));
		Set<Long> written = new HashSet<>();
		int[] lines = { 0 };
		for (LiveResource root : roots) {
			write(root, children, written, lines, max);
		}
		// a cycle of explicit triggers has no root: write what is left
		for (LiveResource resource : resources) {
			if (!written.contains(resource.asyncId())) {
				write(resource, children, written, lines, max);
			}
		}
		if (lines[0] > max) {
			line("... " + (lines[0] - max) + " more not shown");
		}
		return this;
	}

	// iterative, so that a deep chain cannot overflow the stack
	private void write(LiveResource top, Map<Long, List<LiveResource>> children, Set<Long> written, int[] lines,
			int max) {
		List<LiveResource> pending = new ArrayList<>();
		List<Integer> depths = new ArrayList<>();
		pending.add(top);
		depths.add(0);
		while (!pending.isEmpty()) {
			LiveResource current = pending.remove(pending.size() - 1);
			int depth = depths.remove(depths.size() - 1);
			if (!written.add(current.asyncId())) {
				continue;
			}
			if (++lines[0] <= max) {
				resource(current, depth);
			}
			List<LiveResource> below = children.getOrDefault(current.asyncId(), List.of());
			for (int i = below.size() - 1; i >= 0; i--) {
				pending.add(below.get(i));
				depths.add(depth + 1);
			}
		}
	}

	/**
	 * Append one resource line.
	 * @param resource the resource
	 * @param depth its depth
	 * @return this formatter
	 */
	public PlainTextResourcesFormatter resource(LiveResource resource, int depth) {
		indent(depth);
		escaped(resource.type()).append('(')
			.append(resource.asyncId())
			.append("): trigger: ")
			.append(resource.triggerAsyncId())
			.append(" execution: ")
			.append(resource.executionAsyncId())
			.append(' ')
			.append(resource.state().name().toLowerCase(Locale.ROOT));
		if (resource.thread() != null) {
			this.text.append(" on ");
			escaped(resource.thread());
			if (resource.threadId() != null) {
				this.text.append(" #").append(resource.threadId());
			}
		}
		if (resource.state() != LiveResource.State.LISTENING) {
			this.text.append(" runs: ").append(resource.runs());
		}
		this.text.append(" age: ").append(age(resource.age()));
		if (resource.description() != null) {
			this.text.append(" \"");
			escaped(resource.description()).append('"');
		}
		String details = details(resource, this.showDetails);
		if (details != null) {
			this.text.append(" (");
			escaped(details).append(')');
		}
		if (resource.site() != null) {
			this.text.append(" at ");
			escaped(resource.site());
		}
		if (resource.traceId() != null) {
			this.text.append(" trace: ");
			escaped(resource.traceId());
			if (resource.spanId() != null) {
				this.text.append('/');
				escaped(resource.spanId());
			}
		}
		this.text.append('\n');
		return this;
	}

	/**
	 * Append live resources grouped by creation site, one line per site: how many, of
	 * which types, the oldest.
	 * @param sites the groups
	 * @return this formatter
	 */
	public PlainTextResourcesFormatter sites(SiteGroups sites) {
		for (SiteGroups.Group group : sites.groups()) {
			this.text.append(group.count()).append(" live ");
			if (group.site() != null) {
				this.text.append("at ");
				escaped(group.site());
			}
			else {
				this.text.append("without a creation site");
			}
			this.text.append(": ");
			boolean first = true;
			for (Map.Entry<String, Integer> type : group.types().entrySet()) {
				if (!first) {
					this.text.append(", ");
				}
				first = false;
				escaped(type.getKey()).append(' ').append(type.getValue());
			}
			this.text.append("; oldest: ")
				.append(group.oldestAsyncId())
				.append(" age: ")
				.append(age(group.oldestAge()))
				.append('\n');
		}
		if (sites.truncated()) {
			line("... " + (sites.sites() - sites.groups().size()) + " more sites not shown");
		}
		return this;
	}

	/**
	 * Append a line of its own.
	 * @param line the line, without its line break
	 * @return this formatter
	 */
	public PlainTextResourcesFormatter line(String line) {
		this.text.append(line).append('\n');
		return this;
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

	/**
	 * A resource's details as they may be shown.
	 * @param resource the resource
	 * @param show whether sensitive values may be shown
	 * @return the details, {@link #MASK} when they may not be shown, or {@code null} when
	 * it has none
	 */
	public static @Nullable String details(LiveResource resource, boolean show) {
		return (resource.details() == null || show) ? resource.details() : MASK;
	}

	/**
	 * An age as the text form shows it: {@code 450ms}, {@code 2.1s}, {@code 3m5s}.
	 * @param age the age
	 * @return the text
	 */
	public static String age(Duration age) {
		long millis = age.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis < 60_000) {
			return (millis / 1000) + "." + ((millis % 1000) / 100) + "s";
		}
		return (millis / 60_000) + "m" + ((millis / 1000) % 60) + "s";
	}

	private void indent(int depth) {
		if (depth <= MAX_INDENT) {
			this.text.append(INDENT, 0, 2 * depth);
		}
		else {
			this.text.append(INDENT).append("[depth ").append(depth).append("] ");
		}
	}

	private StringBuilder escaped(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!needsEscape(c)) {
				this.text.append(c);
			}
			else if (c == '\n') {
				this.text.append("\\n");
			}
			else if (c == '\r') {
				this.text.append("\\r");
			}
			else if (c == '\t') {
				this.text.append("\\t");
			}
			else {
				this.text.append(String.format("\\u%04x", (int) c));
			}
		}
		return this.text;
	}

	// C0 and C1 controls (ANSI escapes, line breaks), Unicode line and paragraph
	// separators, and the bidirectional overrides that reorder what a terminal shows
	private static boolean needsEscape(char c) {
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
				|| (c >= '\u2066' && c <= '\u2069');
	}

}
