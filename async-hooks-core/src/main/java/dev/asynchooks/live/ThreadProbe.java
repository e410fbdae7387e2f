package dev.asynchooks.live;

import java.util.Arrays;

import dev.asynchooks.live.LiveResources.TypeStatistics;
import org.jspecify.annotations.Nullable;

/**
 * A thread's reusable key to look an id up (never stored in the map), the entry the
 * thread used last, and the thread's counts by type. An entry destroyed on another thread
 * may stay here until this thread uses another one; its id is never seen again.
 */
final class ThreadProbe extends EntryKey {

	long asyncId;

	@Nullable ResourceEntry recent;

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
