package dev.asynchooks.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Live resources grouped by creation site
 * ({@link LiveResources#sites(String, String, int)}): for each site, how many resources
 * it holds, of which types, and the oldest of them. The answer to "which line of my code
 * leaks futures".
 *
 * @param groups the groups, most resources first (then oldest first), at most the limit
 * @param matched how many live resources matched (all, or those of the type and site
 * asked for)
 * @param sites how many distinct sites they have
 * @param truncated whether some groups were left out because of the limit
 * @since 0.1.0
 */
public record SiteGroups(List<Group> groups, int matched, int sites, boolean truncated) {

	static SiteGroups of(ResourceEntry[] entries, @Nullable String type, @Nullable String site, int limit, long now) {
		Map<@Nullable String, Builder> bySite = new HashMap<>();
		int matched = 0;
		for (ResourceEntry entry : entries) {
			if ((type == null || entry.type.equalsIgnoreCase(type))
					&& (site == null || (entry.site != null && entry.site.contains(site)))) {
				matched++;
				bySite.computeIfAbsent(entry.site, Builder::new).add(entry);
			}
		}
		List<Builder> builders = new ArrayList<>(bySite.values());
		builders.sort(Comparator.comparingInt((Builder builder) -> builder.count)
			.reversed()
			.thenComparingLong((builder) -> builder.oldest.initNanos)
			.thenComparingLong((builder) -> builder.oldest.asyncId));
		List<Group> groups = new ArrayList<>(Math.min(limit, builders.size()));
		for (int i = 0; i < builders.size() && i < limit; i++) {
			groups.add(builders.get(i).build(now));
		}
		return new SiteGroups(List.copyOf(groups), matched, builders.size(), groups.size() < builders.size());
	}

	/**
	 * The live resources created at one site.
	 *
	 * @param site the creation site, or {@code null} for the resources without one
	 * @param count how many live resources it holds
	 * @param types how many of each type, by type name
	 * @param oldestAsyncId the id of the oldest of them
	 * @param oldestAge the age of the oldest of them
	 */
	public record Group(@Nullable String site, int count, Map<String, Integer> types, long oldestAsyncId,
			Duration oldestAge) {

	}

	private static final class Builder {

		private final @Nullable String site;

		private final Map<String, Integer> types = new TreeMap<>();

		private int count;

		private @Nullable ResourceEntry oldest;

		Builder(@Nullable String site) {
			this.site = site;
		}

		void add(ResourceEntry entry) {
			this.count++;
			this.types.merge(entry.type, 1, Integer::sum);
			if (this.oldest == null || entry.initNanos - this.oldest.initNanos < 0) {
				this.oldest = entry;
			}
		}

		Group build(long now) {
			ResourceEntry oldest = this.oldest;
			return new Group(this.site, this.count, Collections.unmodifiableMap(this.types), oldest.asyncId,
					Duration.ofNanos(Math.max(0, now - oldest.initNanos)));
		}

	}

}
