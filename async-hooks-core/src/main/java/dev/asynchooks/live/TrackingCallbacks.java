package dev.asynchooks.live;

import java.lang.ref.WeakReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.live.LiveResources.TypeStatistics;

/**
 * The hook of a registry: records each resource at {@code init}, its runs at
 * {@code before} and {@code after}, and drops it at {@code destroy}, counting and timing
 * each per type. Each event is O(1), and {@code before} and {@code after} allocate
 * nothing.
 */
class TrackingCallbacks implements HookCallbacks {

	private final ResourceTable table;

	TrackingCallbacks(ResourceTable table) {
		this.table = table;
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		TypeStatistics statistics = this.table.statistics(type);
		ThreadProbe probe = this.table.probe();
		ThreadCounts counts = probe.counts(statistics);
		// counted before it can be destroyed: active() is created - dropped - destroyed
		counts.increment(TypeCounts.CREATED);
		if (this.table.isFull(probe)) {
			counts.increment(TypeCounts.DROPPED);
			return;
		}
		WeakReference<DescribedResource> described = (resource instanceof DescribedResource describedResource)
				? new WeakReference<>(describedResource) : null;
		CreationSites sites = this.table.creationSites;
		String site = (sites != null && CreationSites.hasSite(type)) ? probe.site(sites) : null;
		ResourceEntry entry = new ResourceEntry(asyncId, type, triggerAsyncId, AsyncHooks.executionAsyncId(),
				System.nanoTime(), statistics, described, site);
		TraceContextReader<Object> traceReader = this.table.traceReader;
		if (traceReader != null) {
			readTraceContext(entry, traceReader);
		}
		if (this.table.add(entry)) {
			probe.recent = entry;
		}
		else {
			// an id already tracked: cannot happen, ids are unique; counted with the
			// untracked ones only so that active() stays the number of entries
			counts.increment(TypeCounts.DROPPED);
		}
	}

	@Override
	public void before(long asyncId) {
		ThreadProbe probe = this.table.probe();
		ResourceEntry entry = this.table.recentEntry(probe, asyncId);
		if (entry == null) {
			return;
		}
		ResourceEntry.THREAD.setRelease(entry, Thread.currentThread());
		boolean first = (long) ResourceEntry.COUNTS.getAndAdd(entry, ResourceEntry.RUN) >>> 32 == 0;
		if (first || this.table.timeRuns) {
			long now = System.nanoTime();
			ResourceEntry.BEFORE_NANOS.setRelease(entry, now);
			if (first) {
				countQueueWait(probe, entry, now);
			}
		}
	}

	@Override
	public void after(long asyncId) {
		ThreadProbe probe = this.table.probe();
		ResourceEntry entry = this.table.recentEntry(probe, asyncId);
		if (entry == null) {
			return;
		}
		if ((int) entry.counts <= 0) {
			// the registry was enabled during this run: it saw no before
			return;
		}
		if (this.table.timeRuns) {
			// with overlapping runs of one resource the last before is the start of both
			countRun(probe, entry);
		}
		if ((int) (long) ResourceEntry.COUNTS.getAndAdd(entry, -1L) == 1) {
			ResourceEntry.THREAD.setRelease(entry, null);
		}
	}

	private static void readTraceContext(ResourceEntry entry, TraceContextReader<Object> traceReader) {
		try {
			Object context = traceReader.current();
			if (context != null) {
				entry.traceReader = traceReader;
				entry.traceContext = context;
			}
		}
		catch (RuntimeException ex) {
			// a broken tracer must not keep the resource from being tracked
		}
	}

	// apart from the callbacks, which stay small enough to be inlined into the dispatch
	private void countQueueWait(ThreadProbe probe, ResourceEntry entry, long now) {
		ThreadCounts counts = probe.counts(entry.statistics);
		counts.increment(TypeCounts.QUEUE_WAITS);
		counts.add(TypeCounts.QUEUE_WAIT_NANOS, now - entry.initNanos);
	}

	private void countRun(ThreadProbe probe, ResourceEntry entry) {
		ThreadCounts counts = probe.counts(entry.statistics);
		counts.increment(TypeCounts.RUNS);
		counts.add(TypeCounts.RUN_NANOS, System.nanoTime() - (long) ResourceEntry.BEFORE_NANOS.getAcquire(entry));
	}

	@Override
	public void destroy(long asyncId) {
		ThreadProbe probe = this.table.probe();
		ResourceEntry entry = this.table.removeEntry(probe, asyncId);
		if (entry == null) {
			return;
		}
		ThreadCounts counts = probe.counts(entry.statistics);
		counts.increment(TypeCounts.DESTROYED);
		counts.add(TypeCounts.LIFETIME_NANOS, System.nanoTime() - entry.initNanos);
	}

	@Override
	public String toString() {
		return "LiveResources(" + this.table.size() + " tracked)";
	}

}
