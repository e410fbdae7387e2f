package dev.asynchooks.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.asynchooks.live.LiveResource;

/**
 * The text form of a set of live resources: a tree by trigger, one line a resource,
 * children indented under the resource that triggered them.
 */
final class LiveResourceText {

	// deeper levels are written at this indentation, with their depth
	private static final int MAX_INDENT = 16;

	private LiveResourceText() {
	}

	/**
	 * Write the resources as a tree by trigger.
	 * @param resources the resources; those whose trigger is not among them are roots
	 * @param max the most lines to write
	 * @return the text, one line per resource, each ending with a newline
	 */
	static String tree(List<LiveResource> resources, int max) {
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
		StringBuilder text = new StringBuilder();
		Set<Long> written = new HashSet<>();
		int[] lines = { 0 };
		for (LiveResource root : roots) {
			write(text, root, 0, children, written, lines, max);
		}
		// a cycle of explicit triggers has no root: write what is left
		for (LiveResource resource : resources) {
			if (!written.contains(resource.asyncId())) {
				write(text, resource, 0, children, written, lines, max);
			}
		}
		if (lines[0] > max) {
			text.append("… and ").append(resources.size() - max).append(" more\n");
		}
		return text.toString();
	}

	private static void write(StringBuilder text, LiveResource resource, int depth,
			Map<Long, List<LiveResource>> children, Set<Long> written, int[] lines, int max) {
		// iterative, so that a deep chain cannot overflow the stack
		List<Object[]> pending = new ArrayList<>();
		pending.add(new Object[] { resource, depth });
		while (!pending.isEmpty()) {
			Object[] next = pending.remove(pending.size() - 1);
			LiveResource current = (LiveResource) next[0];
			int level = (int) next[1];
			if (!written.add(current.asyncId())) {
				continue;
			}
			if (++lines[0] <= max) {
				line(text, current, level);
			}
			List<LiveResource> below = children.getOrDefault(current.asyncId(), List.of());
			for (int i = below.size() - 1; i >= 0; i--) {
				pending.add(new Object[] { below.get(i), level + 1 });
			}
		}
	}

	private static void line(StringBuilder text, LiveResource resource, int depth) {
		text.append("  ".repeat(Math.min(depth, MAX_INDENT)));
		if (depth > MAX_INDENT) {
			text.append('[').append(depth).append("] ");
		}
		text.append(escape(resource.type()))
			.append('(')
			.append(resource.asyncId())
			.append(") trigger: ")
			.append(resource.triggerAsyncId())
			.append(' ')
			.append(resource.state().name().toLowerCase(Locale.ROOT));
		if (resource.thread() != null) {
			text.append(" on '").append(escape(resource.thread())).append('\'');
		}
		text.append(" runs: ").append(resource.runs()).append(" age: ").append(format(resource.age()));
		if (resource.description() != null) {
			text.append(" \"").append(escape(resource.description())).append('"');
		}
		text.append('\n');
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis < 1000) ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
	}

	// a description is the application's text: no control character reaches the message
	private static String escape(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				if (escaped == null) {
					escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
				}
				escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else if (escaped != null) {
				escaped.append(c);
			}
		}
		return (escaped != null) ? escaped.toString() : text;
	}

}
