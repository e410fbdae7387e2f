package dev.asynchooks.live;

import java.util.Arrays;

/**
 * The counts of one resource type, kept per thread: each thread counts on its own (no
 * atomic operation, no shared cache line on the callbacks' path), and a read sums the
 * threads' counts and what the threads that are gone had counted.
 */
final class TypeCounts {

	// the fields of the counts, in ThreadCounts.values
	static final int CREATED = 0;

	static final int DESTROYED = 1;

	static final int DROPPED = 2;

	static final int QUEUE_WAITS = 3;

	static final int QUEUE_WAIT_NANOS = 4;

	static final int RUNS = 5;

	static final int RUN_NANOS = 6;

	static final int LIFETIME_NANOS = 7;

	static final int FIELDS = 8;

	// guarded by this: the threads' counts, and what the threads that are gone had
	// counted
	private ThreadCounts[] threads = new ThreadCounts[0];

	private int threadCount;

	private final long[] gone = new long[FIELDS];

	// a thread counts this type for the first time: once per thread and type
	synchronized ThreadCounts register(Thread thread) {
		if (this.threadCount == this.threads.length) {
			retireGoneThreads();
			if (this.threadCount * 2 >= this.threads.length) {
				this.threads = Arrays.copyOf(this.threads, Math.max(8, this.threads.length * 2));
			}
		}
		ThreadCounts counts = new ThreadCounts(thread);
		this.threads[this.threadCount++] = counts;
		return counts;
	}

	// the counts of a thread that has ended are final: fold them in, so that the list
	// stays as long as the number of live threads that count this type (a virtual thread
	// per task, a pool that replaces its threads)
	private void retireGoneThreads() {
		int kept = 0;
		for (int i = 0; i < this.threadCount; i++) {
			ThreadCounts counts = this.threads[i];
			if (counts.isGone()) {
				for (int field = 0; field < FIELDS; field++) {
					this.gone[field] += counts.get(field);
				}
			}
			else {
				this.threads[kept++] = counts;
			}
		}
		Arrays.fill(this.threads, kept, this.threadCount, null);
		this.threadCount = kept;
	}

	// for tests: the threads whose counts are kept apart
	synchronized int countingThreads() {
		return this.threadCount;
	}

	synchronized long sum(int field) {
		long sum = this.gone[field];
		for (int i = 0; i < this.threadCount; i++) {
			sum += this.threads[i].get(field);
		}
		return sum;
	}

}
