package dev.asynchooks.live;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.asynchooks.live.LiveResources.TypeStatistics;
import org.jspecify.annotations.Nullable;

/**
 * The state of one registry: the tracked resources by id, each thread's probe, and the
 * statistics of each type. Written by {@link TrackingCallbacks}, read by
 * {@link LiveResources}.
 */
final class ResourceTable {

	private static final System.Logger logger = System.getLogger(LiveResources.class.getName());

	// keyed by the entries themselves; looked up with a per-thread probe so that before,
	// after and destroy do not box the id. Sized so that the resources of different
	// threads land in different cache lines of its table: ids come in per-thread blocks
	// of consecutive numbers, and in the default 16 bins (one cache line) two threads
	// creating and destroying resources at once fought over the same line on every put
	// and remove (LiveResourcesBenchmark, two threads: a resource's life 1.6 us in 16
	// bins, 0.6 us in 2048)
	private final ConcurrentHashMap<EntryKey, ResourceEntry> entries = new ConcurrentHashMap<>(1024);

	private final ThreadLocal<ThreadProbe> probes = ThreadLocal.withInitial(ThreadProbe::new);

	// the index of the next type's statistics in each thread's counts
	private final AtomicInteger typeIndexes = new AtomicInteger();

	private final ConcurrentHashMap<String, TypeStatistics> types = new ConcurrentHashMap<>();

	private final List<Consumer<TypeStatistics>> typeListeners = new CopyOnWriteArrayList<>();

	// inits of one thread between two reads of the map's size, at most
	static final int SIZE_READS = 64;

	final int maxTracked;

	final boolean timeRuns;

	// how creation sites are found, or null to record none
	volatile @Nullable CreationSites creationSites = CreationSites.fromSystemProperties();

	// which trace each resource belongs to, or null to record none
	volatile @Nullable TraceContextReader<Object> traceReader;

	ResourceTable(int maxTracked, boolean timeRuns) {
		this.maxTracked = maxTracked;
		this.timeRuns = timeRuns;
	}

	ThreadProbe probe() {
		return this.probes.get();
	}

	long size() {
		return this.entries.mappingCount();
	}

	// Whether the cap is reached, for an init on the probe's thread. The map's size is
	// a sum over its counter cells, which the other threads write on every put and
	// remove: read on every init, it made every resource read the lines that the other
	// threads creating at once had just written. It is read again only after
	// SIZE_READS inits of this thread, or when the size last read plus this thread's
	// inits since could reach the cap. On one thread the answer is exact (its inits
	// since the read bound what it added); with several, the cap may be passed by up to
	// SIZE_READS per other thread (the map's own size was not exact under concurrency
	// either).
	boolean isFull(ThreadProbe probe) {
		int inits = probe.initsSinceSize + 1;
		if (inits < SIZE_READS && probe.sizeRead + inits < this.maxTracked) {
			probe.initsSinceSize = inits;
			return false;
		}
		long size = this.entries.mappingCount();
		probe.sizeRead = size;
		probe.initsSinceSize = 0;
		return size >= this.maxTracked;
	}

	// false when the id is tracked already
	boolean add(ResourceEntry entry) {
		return this.entries.putIfAbsent(entry, entry) == null;
	}

	Collection<ResourceEntry> entries() {
		return this.entries.values();
	}

	@Nullable ResourceEntry entry(long asyncId) {
		ThreadProbe probe = this.probes.get();
		probe.asyncId = asyncId;
		return this.entries.get(probe);
	}

	// for the callbacks: a resource's before and after mostly follow its init or its
	// before on the same thread, and the thread's most recent entry saves a lookup in the
	// shared map
	@Nullable ResourceEntry recentEntry(ThreadProbe probe, long asyncId) {
		ResourceEntry recent = probe.recent;
		if (recent != null && recent.asyncId == asyncId) {
			return recent;
		}
		probe.asyncId = asyncId;
		ResourceEntry entry = this.entries.get(probe);
		if (entry != null) {
			probe.recent = entry;
		}
		return entry;
	}

	@Nullable ResourceEntry removeEntry(ThreadProbe probe, long asyncId) {
		probe.asyncId = asyncId;
		ResourceEntry entry = this.entries.remove(probe);
		if (probe.recent == entry) {
			// not kept alive by the thread that destroyed it
			probe.recent = null;
		}
		return entry;
	}

	Collection<TypeStatistics> types() {
		return this.types.values();
	}

	Runnable onType(Consumer<TypeStatistics> listener) {
		Objects.requireNonNull(listener, "'listener' must not be null");
		this.typeListeners.add(listener);
		this.types.values().forEach(listener);
		return () -> this.typeListeners.remove(listener);
	}

	TypeStatistics statistics(String type) {
		TypeStatistics statistics = this.types.get(type);
		if (statistics != null) {
			return statistics;
		}
		String counted = type;
		if (this.types.size() >= LiveResources.MAX_TYPES) {
			statistics = this.types.get(LiveResources.OTHER_TYPE);
			if (statistics != null) {
				return statistics;
			}
			counted = LiveResources.OTHER_TYPE;
		}
		boolean[] added = new boolean[1];
		statistics = this.types.computeIfAbsent(counted, (name) -> {
			added[0] = true;
			return new TypeStatistics(name, this.typeIndexes.getAndIncrement());
		});
		if (added[0]) {
			for (Consumer<TypeStatistics> listener : this.typeListeners) {
				try {
					listener.accept(statistics);
				}
				catch (RuntimeException ex) {
					// not a failure of the hook: the resource is still tracked
					logger.log(System.Logger.Level.WARNING, "Type listener " + listener + " failed", ex);
				}
			}
		}
		return statistics;
	}

}
