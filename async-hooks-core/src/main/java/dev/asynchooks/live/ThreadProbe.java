package dev.asynchooks.live;

import java.util.Arrays;

import dev.asynchooks.live.LiveResources.TypeStatistics;
import org.jspecify.annotations.Nullable;

/**
 * A thread's reusable key to look an id up (never stored in the map), the entry the
 * thread used last, the creation site it found last, and the thread's counts by type. An
 * entry destroyed on another thread may stay here until this thread uses another one; its
 * id is never seen again.
 */
final class ThreadProbe extends EntryKey {

	long asyncId;

	@Nullable ResourceEntry recent;

	// the map's size at this thread's last read of it, and this thread's inits since
	long sizeRead;

	int initsSinceSize;

	// the function class of the last resource created on this thread and its cached
	// site: a run of resources of one function skips even the ClassValue lookup
	private @Nullable CreationSites siteSource;

	private @Nullable Class<?> siteClass;

	private @Nullable String site;

	@Nullable String site(CreationSites sites) {
		Object function = CreationSites.pendingKey();
		if (function == null) {
			return sites.walk();
		}
		Class<?> type = function.getClass();
		String cached = this.site;
		if (type != this.siteClass || sites != this.siteSource || cached == null) {
			cached = sites.cached(type);
			this.siteSource = sites;
			this.siteClass = type;
			this.site = cached;
		}
		return sites.site(cached);
	}

	// this thread's counts, by type index
	private ThreadCounts[] counts = new ThreadCounts[0];

	ThreadCounts counts(TypeStatistics statistics) {
		int index = statistics.index;
		ThreadCounts[] counts = this.counts;
		if (index < counts.length && counts[index] != null) {
			return counts[index];
		}
		return register(statistics);
	}

	private ThreadCounts register(TypeStatistics statistics) {
		if (statistics.index >= this.counts.length) {
			this.counts = Arrays.copyOf(this.counts, Math.max(4, Integer.highestOneBit(statistics.index) << 1));
		}
		ThreadCounts counts = statistics.counts.register(Thread.currentThread());
		this.counts[statistics.index] = counts;
		return counts;
	}

	@Override
	long asyncId() {
		return this.asyncId;
	}

}
