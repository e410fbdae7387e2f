package dev.asynchooks.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.asynchooks.live.LiveResource;
import dev.asynchooks.live.LiveResources.Node;

/**
 * Formats live resources as the indented trees of the Node.js async_hooks documentation,
 * one line per resource, for the {@code text/plain} form of {@link AsyncHooksEndpoint}.
 * The output is linear in the number of resources shown: indentation stops growing after
 * {@value #MAX_INDENT} levels, where the depth is written as a number instead; and every
 * value that comes from the application (type, thread, description, details) has its
 * control characters escaped, so that no value can start a line of its own or send a
 * terminal escape sequence.
 */
final class PlainTextResourcesFormatter {

	/** The deepest level shown by indentation; deeper lines say {@code [depth N]}. */
	static final int MAX_INDENT = 32;

	private static final String INDENT = "  ".repeat(MAX_INDENT);

	private final boolean showDetails;

	private final StringBuilder text = new StringBuilder();

	/**
	 * Create a formatter.
	 * @param showDetails whether possibly sensitive details are shown or masked
	 */
	PlainTextResourcesFormatter(boolean showDetails) {
		this.showDetails = showDetails;
	}

	/**
	 * Append trees, their top-level nodes at {@code depth}.
	 * @param nodes the top-level nodes
	 * @param depth their depth
	 */
	void trees(List<Node> nodes, int depth) {
		for (Node node : nodes) {
			tree(node, depth);
		}
	}

	// trees are at most LiveResources.MAX_DEPTH levels deep: the recursion is bounded
	private void tree(Node node, int depth) {
		resource(node.resource(), depth);
		for (Node child : node.children()) {
			tree(child, depth + 1);
		}
	}

	/**
	 * Append one resource line.
	 * @param resource the resource
	 * @param depth its depth
	 */
	void resource(LiveResource resource, int depth) {
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
		}
		if (resource.state() != LiveResource.State.LISTENING) {
			this.text.append(" runs: ").append(resource.runs());
		}
		this.text.append(" age: ").append(age(resource.age()));
		if (resource.description() != null) {
			this.text.append(" \"");
			escaped(resource.description()).append('"');
		}
		String details = AsyncHooksEndpoint.details(resource, this.showDetails);
		if (details != null) {
			this.text.append(" (");
			escaped(details).append(')');
		}
		this.text.append('\n');
	}

	/**
	 * Append a line of its own.
	 * @param line the line, without its line break
	 */
	void line(String line) {
		this.text.append(line).append('\n');
	}

	@Override
	public String toString() {
		return this.text.toString();
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

	static String age(Duration age) {
		long millis = age.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis < 60_000) {
			return (millis / 1000) + "." + ((millis % 1000) / 100) + "s";
		}
		return (millis / 60_000) + "m" + ((millis / 1000) % 60) + "s";
	}

}
