package dev.asynchooks.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.asynchooks.live.LiveResources.Forest;
import dev.asynchooks.live.LiveResources.Node;
import dev.asynchooks.live.LiveResources.ParentLink;
import org.jspecify.annotations.Nullable;

/**
 * Builds trees from a snapshot of the entries of {@link LiveResources}. The whole
 * snapshot is indexed with primitive arrays (a few bytes per resource); view objects are
 * made only for the resources included, so the result is bounded by the limit whatever
 * the number of live resources.
 */
final class LiveResourceForest {

	private final ResourceEntry[] entries;

	private final long[] ids;

	private final long now;

	LiveResourceForest(Collection<ResourceEntry> entries, long now) {
		// the map may change while it is copied: the snapshot is weakly consistent
		this.entries = entries.toArray(new ResourceEntry[0]);
		Arrays.sort(this.entries, Comparator.comparingLong((entry) -> entry.asyncId));
		this.ids = new long[this.entries.length];
		for (int i = 0; i < this.entries.length; i++) {
			this.ids[i] = this.entries[i].asyncId;
		}
		this.now = now;
	}

	Forest forest(ParentLink by, @Nullable String type, @Nullable String site, @Nullable String traceId, int limit) {
		checkLimit(limit);
		if (type != null || site != null || traceId != null) {
			return flat(type, site, traceId, limit);
		}
		int[] parents = parents(by);
		Children children = new Children(parents);
		List<Builder> roots = new ArrayList<>();
		boolean[] visited = new boolean[this.entries.length];
		int[] included = { 0 };
		List<Integer> deferred = new ArrayList<>();
		for (int i = 0; i < this.entries.length && included[0] < limit; i++) {
			if (parents[i] < 0) {
				walk(i, children, visited, limit, included, roots, deferred);
			}
		}
		for (int d = 0; d < deferred.size() && included[0] < limit; d++) {
			walk(deferred.get(d), children, visited, limit, included, roots, deferred);
		}
		// resources on a cycle of explicit triggers have a live parent but no root
		for (int i = 0; i < this.entries.length && included[0] < limit; i++) {
			if (!visited[i]) {
				walk(i, children, visited, limit, included, roots, deferred);
				for (int d = 0; d < deferred.size() && included[0] < limit; d++) {
					walk(deferred.get(d), children, visited, limit, included, roots, deferred);
				}
			}
		}
		return new Forest(build(roots), this.entries.length, included[0], included[0] < this.entries.length);
	}

	Optional<Forest> tree(long asyncId, ParentLink by, int limit) {
		checkLimit(limit);
		int index = Arrays.binarySearch(this.ids, asyncId);
		if (index < 0) {
			return Optional.empty();
		}
		Children children = new Children(parents(by));
		List<Builder> roots = new ArrayList<>();
		boolean[] visited = new boolean[this.entries.length];
		int[] included = { 0 };
		List<Integer> deferred = new ArrayList<>();
		walk(index, children, visited, limit, included, roots, deferred);
		for (int d = 0; d < deferred.size() && included[0] < limit; d++) {
			walk(deferred.get(d), children, visited, limit, included, roots, deferred);
		}
		int matched = countSubtree(index, children);
		return Optional.of(new Forest(build(roots), matched, included[0], included[0] < matched));
	}

	private static void checkLimit(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("'limit' must be 1 or more, was " + limit);
		}
	}

	private Forest flat(@Nullable String type, @Nullable String site, @Nullable String traceId, int limit) {
		List<Node> nodes = new ArrayList<>();
		int matched = 0;
		for (ResourceEntry entry : this.entries) {
			if ((type == null || entry.type.equalsIgnoreCase(type))
					&& (site == null || (entry.site != null && entry.site.contains(site)))
					&& (traceId == null || traceId.equalsIgnoreCase(entry.traceId()))) {
				matched++;
				if (nodes.size() < limit) {
					nodes.add(new Node(entry.view(this.now), List.of()));
				}
			}
		}
		return new Forest(List.copyOf(nodes), matched, nodes.size(), nodes.size() < matched);
	}

	SiteGroups sites(@Nullable String type, @Nullable String site, int limit) {
		checkLimit(limit);
		return SiteGroups.of(this.entries, type, site, limit, this.now);
	}

	/**
	 * The index of the live parent of each entry, or -1 when its parent is not live.
	 */
	private int[] parents(ParentLink by) {
		int[] parents = new int[this.entries.length];
		for (int i = 0; i < this.entries.length; i++) {
			long parent = this.entries[i].parent(by);
			int index = (parent != this.ids[i]) ? Arrays.binarySearch(this.ids, parent) : -1;
			parents[i] = Math.max(index, -1);
		}
		return parents;
	}

	/**
	 * Pre-order walk from one entry, iterative (trees may be far deeper than the stack),
	 * adding entries until {@code limit} are included in total; entries deeper than
	 * {@link LiveResources#MAX_DEPTH} are deferred to start trees of their own.
	 */
	private void walk(int start, Children children, boolean[] visited, int limit, int[] included, List<Builder> roots,
			List<Integer> deferred) {
		int[] stack = new int[16];
		Builder[] parentStack = new Builder[16];
		int size = 0;
		stack[size] = start;
		parentStack[size++] = null;
		while (size > 0 && included[0] < limit) {
			int index = stack[--size];
			Builder parent = parentStack[size];
			parentStack[size] = null;
			if (visited[index]) {
				continue;
			}
			visited[index] = true;
			included[0]++;
			Builder builder = new Builder(this.entries[index], (parent != null) ? parent.depth + 1 : 1);
			if (parent != null) {
				parent.children.add(builder);
			}
			else {
				roots.add(builder);
			}
			int from = children.start[index];
			int to = children.start[index + 1];
			if (builder.depth >= LiveResources.MAX_DEPTH) {
				for (int c = from; c < to; c++) {
					deferred.add(children.list[c]);
				}
				continue;
			}
			if (size + (to - from) > stack.length) {
				int capacity = Math.max(stack.length * 2, size + (to - from));
				stack = Arrays.copyOf(stack, capacity);
				parentStack = Arrays.copyOf(parentStack, capacity);
			}
			// pushed in reverse so that they are visited in id order
			for (int c = to - 1; c >= from; c--) {
				stack[size] = children.list[c];
				parentStack[size++] = builder;
			}
		}
	}

	private int countSubtree(int start, Children children) {
		boolean[] seen = new boolean[this.entries.length];
		int[] stack = new int[this.entries.length];
		int size = 0;
		int count = 0;
		stack[size++] = start;
		seen[start] = true;
		while (size > 0) {
			int index = stack[--size];
			count++;
			for (int c = children.start[index]; c < children.start[index + 1]; c++) {
				int child = children.list[c];
				if (!seen[child]) {
					seen[child] = true;
					stack[size++] = child;
				}
			}
		}
		return count;
	}

	private List<Node> build(List<Builder> builders) {
		List<Node> nodes = new ArrayList<>(builders.size());
		for (Builder builder : builders) {
			nodes.add(builder.build(this.now));
		}
		return List.copyOf(nodes);
	}

	/** Children of each entry in id order, as one array sliced by start offsets. */
	private static final class Children {

		final int[] start;

		final int[] list;

		Children(int[] parents) {
			int n = parents.length;
			this.start = new int[n + 1];
			for (int parent : parents) {
				if (parent >= 0) {
					this.start[parent + 1]++;
				}
			}
			for (int i = 0; i < n; i++) {
				this.start[i + 1] += this.start[i];
			}
			this.list = new int[this.start[n]];
			int[] fill = Arrays.copyOf(this.start, n);
			for (int i = 0; i < n; i++) {
				if (parents[i] >= 0) {
					this.list[fill[parents[i]]++] = i;
				}
			}
		}

	}

	private static final class Builder {

		final ResourceEntry entry;

		final int depth;

		final List<Builder> children = new ArrayList<>();

		Builder(ResourceEntry entry, int depth) {
			this.entry = entry;
			this.depth = depth;
		}

		Node build(long now) {
			List<Node> nodes = new ArrayList<>(this.children.size());
			for (Builder child : this.children) {
				nodes.add(child.build(now));
			}
			return new Node(this.entry.view(now), List.copyOf(nodes));
		}

	}

}
