package dev.asynchooks.live;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.EngineAccess;
import org.jspecify.annotations.Nullable;

/**
 * A registry of the live resources of the process: every resource between its
 * {@code init} and its {@code destroy}, with its type, trigger, creating context, state,
 * number of runs, the thread running it and a short description. It is itself just a hook
 * ({@link #hook()}): it sees what any other hook sees, from when it is enabled.
 * <p>
 * <b>Cost.</b> Each event is O(1) and takes no lock that another application thread can
 * hold for long: {@code init} allocates one small record (and, for a
 * {@link DescribedResource}, one weak reference), {@code before} and {@code after}
 * allocate nothing, {@code destroy} removes the record. Rendering ({@link #forest},
 * {@link #resource}) reads the records without locking and never blocks an event.
 * <p>
 * <b>Memory.</b> At most {@link #maxTracked()} resources are tracked; past that, new
 * resources are only counted ({@link TypeStatistics#dropped()}), and a dropped resource
 * is not in the trees. The registry never holds a strong reference to a resource object,
 * so a resource nobody ends is still destroyed when it is garbage-collected.
 * <p>
 * <b>Counts and timings</b> per type ({@link #types()}) feed metrics: resources created,
 * destroyed, active and dropped, and the cumulated time from {@code init} to the first
 * {@code before} (queue wait), from {@code before} to {@code after} (run) and from
 * {@code init} to {@code destroy} (lifetime) of tracked resources. At most
 * {@value #MAX_TYPES} distinct types are counted separately; the others are counted
 * together under {@value #OTHER_TYPE}.
 *
 * <pre>{@code
 * LiveResources live = new LiveResources();
 * live.hook().enable();
 * LiveResources.Forest forest = live.forest(LiveResources.ParentLink.TRIGGER, null, 1000);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LiveResources {

	/** The default {@link #maxTracked()}. */
	public static final int DEFAULT_MAX_TRACKED = 100_000;

	/** How many distinct types are counted separately. */
	public static final int MAX_TYPES = 256;

	/**
	 * The type under which the resources of types past {@link #MAX_TYPES} are counted.
	 */
	public static final String OTHER_TYPE = "_other";

	/** How deep trees are nested; deeper resources start new top-level trees. */
	public static final int MAX_DEPTH = 64;

	private static final System.Logger logger = System.getLogger(LiveResources.class.getName());

	private static final EngineAccess ENGINE = EngineAccess.get();

	// runs in the high half, scopes running now in the low half: one atomic add per event
	private static final VarHandle COUNTS;

	private static final long RUN = (1L << 32) | 1;

	private static final VarHandle THREAD;

	private static final VarHandle BEFORE_NANOS;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			COUNTS = lookup.findVarHandle(Entry.class, "counts", long.class);
			THREAD = lookup.findVarHandle(Entry.class, "thread", Thread.class);
			BEFORE_NANOS = lookup.findVarHandle(Entry.class, "beforeNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// keyed by the entries themselves; looked up with a per-thread probe so that before,
	// after and destroy do not box the id. Sized so that the resources of different
	// threads land in different cache lines of its table: ids come in per-thread blocks
	// of consecutive numbers, and in the default 16 bins (one cache line) two threads
	// creating and destroying resources at once fought over the same line on every put
	// and remove (LiveResourcesBenchmark, two threads: a resource's life 1.6 us in 16
	// bins, 0.6 us in 2048)
	private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>(1024);

	private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);

	// the index of the next type's statistics in each thread's counts
	private final AtomicInteger typeIndexes = new AtomicInteger();

	private final ConcurrentHashMap<String, TypeStatistics> types = new ConcurrentHashMap<>();

	private final List<Consumer<TypeStatistics>> typeListeners = new CopyOnWriteArrayList<>();

	private final int maxTracked;

	private final boolean timeRuns;

	private final AsyncHook hook;

	/**
	 * A registry tracking at most {@value #DEFAULT_MAX_TRACKED} resources; its hook is
	 * not enabled yet.
	 */
	public LiveResources() {
		this(DEFAULT_MAX_TRACKED);
	}

	/**
	 * A registry tracking at most {@code maxTracked} resources; its hook is not enabled
	 * yet.
	 * @param maxTracked how many live resources to keep, 0 or more
	 * @throws IllegalArgumentException if {@code maxTracked} is negative
	 */
	public LiveResources(int maxTracked) {
		this(maxTracked, true);
	}

	/**
	 * A registry tracking at most {@code maxTracked} resources, timing each run or not;
	 * its hook is not enabled yet. Timing a run reads the clock in {@code before} and in
	 * {@code after} (about 40 ns each on a virtual machine with {@code kvm-clock});
	 * without it, {@link TypeStatistics#runCount()} and {@link TypeStatistics#runNanos()}
	 * stay 0.
	 * @param maxTracked how many live resources to keep, 0 or more
	 * @param timeRuns whether to time each run, from {@code before} to {@code after}
	 * @throws IllegalArgumentException if {@code maxTracked} is negative
	 */
	public LiveResources(int maxTracked, boolean timeRuns) {
		this.timeRuns = timeRuns;
		if (maxTracked < 0) {
			throw new IllegalArgumentException("'maxTracked' must be 0 or more, was " + maxTracked);
		}
		this.maxTracked = maxTracked;
		this.hook = AsyncHooks.createHook(new Callbacks());
	}

	/**
	 * The hook that feeds this registry; enable it to start tracking. Resources created
	 * while it was disabled are not tracked.
	 * @return the hook, disabled until enabled
	 */
	public AsyncHook hook() {
		return this.hook;
	}

	/**
	 * The most resources tracked at once.
	 * @return the cap
	 */
	public int maxTracked() {
		return this.maxTracked;
	}

	/**
	 * Whether each run is timed.
	 * @return whether run counts and times are kept
	 */
	public boolean timesRuns() {
		return this.timeRuns;
	}

	/**
	 * How many resources are tracked now.
	 * @return the number of live resources in the registry
	 */
	public long tracked() {
		return this.entries.mappingCount();
	}

	/**
	 * One live resource.
	 * @param asyncId its id
	 * @return the resource, or empty when it is not live or not tracked
	 */
	public Optional<LiveResource> resource(long asyncId) {
		Entry entry = entry(asyncId);
		return (entry != null) ? Optional.of(entry.view(System.nanoTime())) : Optional.empty();
	}

	/**
	 * The live resources reached by following {@code triggerAsyncId} from the parent of a
	 * resource upwards, nearest first, until a resource that is not live (the root
	 * context included). The whole chain: a pending chain of many thousand stages has as
	 * many ancestors; use {@link #ancestors(long, int)} to bound it.
	 * @param asyncId the resource
	 * @return its live ancestors, empty when it has none or is not live
	 */
	public List<LiveResource> ancestors(long asyncId) {
		return ancestors(asyncId, Integer.MAX_VALUE);
	}

	/**
	 * The nearest {@code limit} live resources reached by following
	 * {@code triggerAsyncId} from the parent of a resource upwards, nearest first, until
	 * a resource that is not live (the root context included). Time and memory are
	 * bounded by {@code limit}, not by the length of the chain.
	 * @param asyncId the resource
	 * @param limit the most ancestors to return, 0 or more
	 * @return its nearest live ancestors, empty when it has none or is not live
	 * @throws IllegalArgumentException if {@code limit} is negative
	 */
	public List<LiveResource> ancestors(long asyncId, int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("'limit' must be 0 or more, was " + limit);
		}
		Entry entry = entry(asyncId);
		List<LiveResource> ancestors = new ArrayList<>();
		// explicit trigger ids can make a cycle
		Set<Long> seen = new HashSet<>();
		seen.add(asyncId);
		long now = System.nanoTime();
		while (entry != null && ancestors.size() < limit && seen.add(entry.triggerAsyncId)) {
			entry = entry(entry.triggerAsyncId);
			if (entry != null) {
				ancestors.add(entry.view(now));
			}
		}
		return ancestors;
	}

	/**
	 * The live resources as a forest, at most {@code limit} of them: each tree is a live
	 * resource whose parent is not live, with its live descendants. Trees and children
	 * are in {@code asyncId} order; a resource nested deeper than {@value #MAX_DEPTH}
	 * levels starts a new top-level tree.
	 * @param by which link makes a resource the child of another
	 * @param type when not {@code null}, only the resources of this type (ignoring case),
	 * as a flat list of top-level nodes
	 * @param limit the most resources to include, 1 or more
	 * @return the forest
	 * @throws IllegalArgumentException if {@code limit} is less than 1
	 */
	public Forest forest(ParentLink by, @Nullable String type, int limit) {
		Objects.requireNonNull(by, "'by' must not be null");
		return new LiveResourceForest(this.entries.values(), System.nanoTime()).forest(by, type, limit);
	}

	/**
	 * The tree under one live resource, at most {@code limit} resources.
	 * @param asyncId the resource at the top of the tree
	 * @param by which link makes a resource the child of another
	 * @param limit the most resources to include, 1 or more
	 * @return the tree, or empty when the resource is not live
	 * @throws IllegalArgumentException if {@code limit} is less than 1
	 */
	public Optional<Forest> tree(long asyncId, ParentLink by, int limit) {
		Objects.requireNonNull(by, "'by' must not be null");
		if (entry(asyncId) == null) {
			return Optional.empty();
		}
		return new LiveResourceForest(this.entries.values(), System.nanoTime()).tree(asyncId, by, limit);
	}

	/**
	 * The counts and timings of every type seen since the registry was created.
	 * @return live statistics, one per type
	 */
	public Collection<TypeStatistics> types() {
		return List.copyOf(this.types.values());
	}

	/**
	 * Call {@code listener} once for each type already seen and then whenever a type is
	 * seen for the first time, on the thread that creates its first resource (inside a
	 * hook callback: resources created by the listener are invisible to hooks).
	 * @param listener the listener; it must not throw
	 * @return a handle that removes the listener when run
	 */
	public Runnable onType(Consumer<TypeStatistics> listener) {
		Objects.requireNonNull(listener, "'listener' must not be null");
		this.typeListeners.add(listener);
		this.types.values().forEach(listener);
		return () -> this.typeListeners.remove(listener);
	}

	/**
	 * How many times a hook callback threw in this process.
	 * @return the number of hook errors handled by the {@link HookErrorPolicy}
	 */
	public static long hookErrors() {
		return ENGINE.hookErrors();
	}

	/**
	 * The resources created by this process, per type, in total.
	 * @return the sum over {@link #types()}
	 */
	public long created() {
		return this.types.values().stream().mapToLong(TypeStatistics::created).sum();
	}

	/**
	 * The tracked resources destroyed, in total.
	 * @return the sum over {@link #types()}
	 */
	public long destroyed() {
		return this.types.values().stream().mapToLong(TypeStatistics::destroyed).sum();
	}

	/**
	 * The resources not tracked because {@link #maxTracked()} were live, in total.
	 * @return the sum over {@link #types()}
	 */
	public long dropped() {
		return this.types.values().stream().mapToLong(TypeStatistics::dropped).sum();
	}

	private @Nullable Entry entry(long asyncId) {
		Probe probe = this.probes.get();
		probe.asyncId = asyncId;
		return this.entries.get(probe);
	}

	// for the callbacks: a resource's before and after mostly follow its init or its
	// before on the same thread, and the thread's most recent entry saves a lookup in the
	// shared map
	private @Nullable Entry recentEntry(Probe probe, long asyncId) {
		Entry recent = probe.recent;
		if (recent != null && recent.asyncId == asyncId) {
			return recent;
		}
		probe.asyncId = asyncId;
		Entry entry = this.entries.get(probe);
		if (entry != null) {
			probe.recent = entry;
		}
		return entry;
	}

	private @Nullable Entry removeEntry(Probe probe, long asyncId) {
		probe.asyncId = asyncId;
		Entry entry = this.entries.remove(probe);
		if (probe.recent == entry) {
			// not kept alive by the thread that destroyed it
			probe.recent = null;
		}
		return entry;
	}

	private TypeStatistics statistics(String type) {
		TypeStatistics statistics = this.types.get(type);
		if (statistics != null) {
			return statistics;
		}
		String counted = type;
		if (this.types.size() >= MAX_TYPES) {
			statistics = this.types.get(OTHER_TYPE);
			if (statistics != null) {
				return statistics;
			}
			counted = OTHER_TYPE;
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

	/** Which link makes a resource the child of another in a tree. */
	public enum ParentLink {

		/** {@code triggerAsyncId}: why the resource exists. */
		TRIGGER,

		/** The execution context that created it: when it was created. */
		EXECUTION

	}

	/**
	 * A node of a tree of live resources.
	 *
	 * @param resource the resource
	 * @param children its live children, in {@code asyncId} order
	 */
	public record Node(LiveResource resource, List<Node> children) {

	}

	/**
	 * Live resources as trees.
	 *
	 * @param nodes the top-level nodes
	 * @param matched how many live resources matched (all, or those of the type asked
	 * for)
	 * @param included how many resources are in the nodes
	 * @param truncated whether some matching resources were left out because of the limit
	 */
	public record Forest(List<Node> nodes, int matched, int included, boolean truncated) {

	}

	/**
	 * The counts and cumulated timings of one resource type. The values are live: each
	 * call reads the current value.
	 */
	public static final class TypeStatistics {

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

		private final String type;

		// the slot of this type in each thread's counts
		final int index;

		// each thread counts on its own (no atomic operation, no shared cache line on the
		// callbacks' path); a read sums the threads' counts. Guarded by this: the
		// threads' counts, and what the threads that are gone had counted
		private ThreadCounts[] threads = new ThreadCounts[0];

		private int threadCount;

		private final long[] gone = new long[FIELDS];

		TypeStatistics(String type, int index) {
			this.type = type;
			this.index = index;
		}

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

		// the counts of a thread that has ended are final: fold them in, so that the
		// list stays as long as the number of live threads that count this type (a
		// virtual thread per task, a pool that replaces its threads)
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

		private synchronized long sum(int field) {
			long sum = this.gone[field];
			for (int i = 0; i < this.threadCount; i++) {
				sum += this.threads[i].get(field);
			}
			return sum;
		}

		/**
		 * The type, or {@link LiveResources#OTHER_TYPE}.
		 * @return the type
		 */
		public String type() {
			return this.type;
		}

		/**
		 * Resources of this type created (tracked or dropped).
		 * @return the count
		 */
		public long created() {
			return sum(CREATED);
		}

		/**
		 * Tracked resources of this type destroyed.
		 * @return the count
		 */
		public long destroyed() {
			return sum(DESTROYED);
		}

		/**
		 * Tracked resources of this type live now.
		 * @return the count
		 */
		public long active() {
			// ended first: a resource is counted in created before it can be counted as
			// ended, so this is never negative, nor below the true count when created
			// is read (it may include resources ended in between)
			long ended = sum(DESTROYED) + sum(DROPPED);
			return Math.max(0, sum(CREATED) - ended);
		}

		/**
		 * Resources of this type not tracked because the registry was full.
		 * @return the count
		 */
		public long dropped() {
			return sum(DROPPED);
		}

		/**
		 * How many first runs were timed from {@code init}.
		 * @return the count
		 */
		public long queueWaitCount() {
			return sum(QUEUE_WAITS);
		}

		/**
		 * The cumulated time from {@code init} to the first {@code before}.
		 * @return nanoseconds
		 */
		public long queueWaitNanos() {
			return sum(QUEUE_WAIT_NANOS);
		}

		/**
		 * How many runs ({@code before}/{@code after} pairs) were timed.
		 * @return the count
		 */
		public long runCount() {
			return sum(RUNS);
		}

		/**
		 * The cumulated time from {@code before} to {@code after}.
		 * @return nanoseconds
		 */
		public long runNanos() {
			return sum(RUN_NANOS);
		}

		/**
		 * How many lifetimes ({@code init} to {@code destroy}) were timed: one per
		 * tracked resource destroyed, the same as {@link #destroyed()}.
		 * @return the count
		 */
		public long lifetimeCount() {
			return sum(DESTROYED);
		}

		/**
		 * The cumulated time from {@code init} to {@code destroy}.
		 * @return nanoseconds
		 */
		public long lifetimeNanos() {
			return sum(LIFETIME_NANOS);
		}

		@Override
		public String toString() {
			return "TypeStatistics[" + this.type + ", active=" + active() + ", created=" + created() + ", destroyed="
					+ destroyed() + ", dropped=" + dropped() + "]";
		}

	}

	/** A key of the map of entries: equal when the ids are. */
	abstract static class Key {

		abstract long asyncId();

		@Override
		public final boolean equals(@Nullable Object other) {
			return other instanceof Key key && key.asyncId() == asyncId();
		}

		@Override
		public final int hashCode() {
			return Long.hashCode(asyncId());
		}

	}

	/**
	 * A thread's reusable key to look an id up (never stored in the map), and the entry
	 * the thread used last. An entry destroyed on another thread may stay there until
	 * this thread uses another one; its id is never seen again.
	 */
	private static final class Probe extends Key {

		long asyncId;

		@Nullable Entry recent;

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
			ThreadCounts counts = statistics.register(Thread.currentThread());
			this.counts[statistics.index] = counts;
			return counts;
		}

		@Override
		long asyncId() {
			return this.asyncId;
		}

	}

	/**
	 * One thread's counts of one type: written by that thread only, with release stores
	 * (plain stores on x86; no atomic read-modify-write anywhere), read by others with
	 * acquire loads.
	 */
	static final class ThreadCounts {

		private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);

		private final long[] values = new long[TypeStatistics.FIELDS];

		// weak: the registry does not keep a thread that has ended
		private final WeakReference<Thread> thread;

		ThreadCounts(Thread thread) {
			this.thread = new WeakReference<>(thread);
		}

		void increment(int field) {
			add(field, 1);
		}

		void add(int field, long delta) {
			// the only writer reads its own last write
			VALUES.setRelease(this.values, field, this.values[field] + delta);
		}

		long get(int field) {
			return (long) VALUES.getAcquire(this.values, field);
		}

		// ended: its counts are final, and visible here once isAlive() is false
		boolean isGone() {
			Thread thread = this.thread.get();
			return thread == null || !thread.isAlive();
		}

	}

	/** The record of one tracked resource. */
	static final class Entry extends Key {

		final long asyncId;

		final String type;

		final long triggerAsyncId;

		final long executionAsyncId;

		final long initNanos;

		final TypeStatistics statistics;

		final @Nullable WeakReference<DescribedResource> described;

		volatile long counts;

		// release/acquire through THREAD and BEFORE_NANOS: no fence on the hot path
		@Nullable Thread thread;

		long beforeNanos;

		Entry(long asyncId, String type, long triggerAsyncId, long executionAsyncId, long initNanos,
				TypeStatistics statistics, @Nullable WeakReference<DescribedResource> described) {
			this.asyncId = asyncId;
			this.type = type;
			this.triggerAsyncId = triggerAsyncId;
			this.executionAsyncId = executionAsyncId;
			this.initNanos = initNanos;
			this.statistics = statistics;
			this.described = described;
		}

		@Override
		long asyncId() {
			return this.asyncId;
		}

		long parent(ParentLink by) {
			return (by == ParentLink.TRIGGER) ? this.triggerAsyncId : this.executionAsyncId;
		}

		LiveResource view(long now) {
			long counts = this.counts;
			int runs = (int) (counts >>> 32);
			boolean running = (int) counts > 0;
			Thread thread = running ? (Thread) THREAD.getAcquire(this) : null;
			LiveResource.State state = running ? LiveResource.State.RUNNING
					: (runs != 0) ? LiveResource.State.WAITING : ResourceTypes.TCPSERVERWRAP.equals(this.type)
							? LiveResource.State.LISTENING : LiveResource.State.PENDING;
			String description = null;
			String details = null;
			DescribedResource described = (this.described != null) ? this.described.get() : null;
			if (described != null) {
				try {
					description = described.asyncDescription();
					details = described.asyncDetails();
				}
				catch (RuntimeException ex) {
					// a broken description must not break the view of every other
					// resource
				}
			}
			return new LiveResource(this.asyncId, this.type, this.triggerAsyncId, this.executionAsyncId, state,
					Duration.ofNanos(Math.max(0, now - this.initNanos)), runs,
					(thread != null) ? thread.getName() : null, description, details);
		}

	}

	private final class Callbacks implements HookCallbacks {

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			TypeStatistics statistics = statistics(type);
			Probe probe = LiveResources.this.probes.get();
			ThreadCounts counts = probe.counts(statistics);
			// counted before it can be destroyed: active() is created - dropped -
			// destroyed
			counts.increment(TypeStatistics.CREATED);
			if (LiveResources.this.entries.mappingCount() >= LiveResources.this.maxTracked) {
				counts.increment(TypeStatistics.DROPPED);
				return;
			}
			WeakReference<DescribedResource> described = (resource instanceof DescribedResource describedResource)
					? new WeakReference<>(describedResource) : null;
			Entry entry = new Entry(asyncId, type, triggerAsyncId, AsyncHooks.executionAsyncId(), System.nanoTime(),
					statistics, described);
			if (LiveResources.this.entries.putIfAbsent(entry, entry) == null) {
				probe.recent = entry;
			}
			else {
				// an id already tracked: cannot happen, ids are unique; counted with the
				// untracked ones only so that active() stays the number of entries
				counts.increment(TypeStatistics.DROPPED);
			}
		}

		@Override
		public void before(long asyncId) {
			Probe probe = LiveResources.this.probes.get();
			Entry entry = recentEntry(probe, asyncId);
			if (entry == null) {
				return;
			}
			THREAD.setRelease(entry, Thread.currentThread());
			boolean first = (long) COUNTS.getAndAdd(entry, RUN) >>> 32 == 0;
			if (first || LiveResources.this.timeRuns) {
				long now = System.nanoTime();
				BEFORE_NANOS.setRelease(entry, now);
				if (first) {
					countQueueWait(probe, entry, now);
				}
			}
		}

		@Override
		public void after(long asyncId) {
			Probe probe = LiveResources.this.probes.get();
			Entry entry = recentEntry(probe, asyncId);
			if (entry == null) {
				return;
			}
			if ((int) entry.counts <= 0) {
				// the registry was enabled during this run: it saw no before
				return;
			}
			if (LiveResources.this.timeRuns) {
				// with overlapping runs of one resource the last before is the start of
				// both
				countRun(probe, entry);
			}
			if ((int) (long) COUNTS.getAndAdd(entry, -1L) == 1) {
				THREAD.setRelease(entry, null);
			}
		}

		// apart from the callbacks, which stay small enough to be inlined into the
		// dispatch
		private void countQueueWait(Probe probe, Entry entry, long now) {
			ThreadCounts counts = probe.counts(entry.statistics);
			counts.increment(TypeStatistics.QUEUE_WAITS);
			counts.add(TypeStatistics.QUEUE_WAIT_NANOS, now - entry.initNanos);
		}

		private void countRun(Probe probe, Entry entry) {
			ThreadCounts counts = probe.counts(entry.statistics);
			counts.increment(TypeStatistics.RUNS);
			counts.add(TypeStatistics.RUN_NANOS, System.nanoTime() - (long) BEFORE_NANOS.getAcquire(entry));
		}

		@Override
		public void destroy(long asyncId) {
			Probe probe = LiveResources.this.probes.get();
			Entry entry = removeEntry(probe, asyncId);
			if (entry == null) {
				return;
			}
			ThreadCounts counts = probe.counts(entry.statistics);
			counts.increment(TypeStatistics.DESTROYED);
			counts.add(TypeStatistics.LIFETIME_NANOS, System.nanoTime() - entry.initNanos);
		}

		@Override
		public String toString() {
			return "LiveResources(" + LiveResources.this.tracked() + " tracked)";
		}

	}

}
