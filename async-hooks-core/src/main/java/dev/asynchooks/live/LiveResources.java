package dev.asynchooks.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.HookErrorPolicy;
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
 * is not in the trees. The count is read by each thread every 64 of its resources (and
 * every time near the cap), so that threads creating resources at once do not share a
 * counter: with several threads the cap may be passed by up to 64 resources per other
 * thread creating at that moment. The registry never holds a strong reference to a
 * resource object, so a resource nobody ends is still destroyed when it is
 * garbage-collected.
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

	private static final EngineAccess ENGINE = EngineAccess.get();

	private final ResourceTable table;

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
		if (maxTracked < 0) {
			throw new IllegalArgumentException("'maxTracked' must be 0 or more, was " + maxTracked);
		}
		this.table = new ResourceTable(maxTracked, timeRuns);
		this.hook = AsyncHooks.createHook(new Callbacks(this.table));
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
	 * Record where each resource created from now on comes from, or stop recording it. By
	 * default sites are recorded unless the system property
	 * {@value CreationSites#ENABLED_PROPERTY} is {@code false}.
	 * @param creationSites how to find sites, or {@code null} to record none
	 * @return this registry
	 */
	public LiveResources creationSites(@Nullable CreationSites creationSites) {
		this.table.creationSites = creationSites;
		return this;
	}

	/**
	 * Record which trace each resource created from now on belongs to (the span current
	 * where it is created), or stop recording it.
	 * @param reader how to read the current trace context, or {@code null} to record none
	 * @return this registry
	 */
	@SuppressWarnings("unchecked")
	public LiveResources traceContexts(@Nullable TraceContextReader<?> reader) {
		this.table.traceReader = (TraceContextReader<Object>) reader;
		return this;
	}

	/**
	 * Attach a trace context to a live resource created before its span started (an
	 * incoming request, whose server span starts once it runs), unless it has one.
	 * @param asyncId the resource
	 * @param context a trace context of the {@link #traceContexts reader} set
	 * @return whether the resource is live and now has this context
	 */
	public boolean attachTraceContext(long asyncId, Object context) {
		Objects.requireNonNull(context, "'context' must not be null");
		TraceContextReader<Object> reader = this.table.traceReader;
		ResourceEntry entry = this.table.entry(asyncId);
		if (reader == null || entry == null) {
			return false;
		}
		synchronized (entry) {
			if (entry.traceContext == null) {
				entry.traceReader = reader;
				entry.traceContext = context;
			}
			return entry.traceContext == context;
		}
	}

	/**
	 * How creation sites are found.
	 * @return the creation sites, or {@code null} when none are recorded
	 */
	public @Nullable CreationSites creationSites() {
		return this.table.creationSites;
	}

	/**
	 * The most resources tracked at once.
	 * @return the cap
	 */
	public int maxTracked() {
		return this.table.maxTracked;
	}

	/**
	 * Whether each run is timed.
	 * @return whether run counts and times are kept
	 */
	public boolean timesRuns() {
		return this.table.timeRuns;
	}

	/**
	 * How many resources are tracked now.
	 * @return the number of live resources in the registry
	 */
	public long tracked() {
		return this.table.size();
	}

	/**
	 * One live resource.
	 * @param asyncId its id
	 * @return the resource, or empty when it is not live or not tracked
	 */
	public Optional<LiveResource> resource(long asyncId) {
		ResourceEntry entry = this.table.entry(asyncId);
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
		ResourceEntry entry = this.table.entry(asyncId);
		List<LiveResource> ancestors = new ArrayList<>();
		// explicit trigger ids can make a cycle
		Set<Long> seen = new HashSet<>();
		seen.add(asyncId);
		long now = System.nanoTime();
		while (entry != null && ancestors.size() < limit && seen.add(entry.triggerAsyncId)) {
			entry = this.table.entry(entry.triggerAsyncId);
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
		return forest(by, type, null, limit);
	}

	/**
	 * The live resources as a forest, at most {@code limit} of them, as
	 * {@link #forest(ParentLink, String, int)}; with a {@code site}, only the resources
	 * whose creation site contains it, as a flat list of top-level nodes.
	 * @param by which link makes a resource the child of another
	 * @param type when not {@code null}, only the resources of this type (ignoring case)
	 * @param site when not {@code null}, only the resources whose
	 * {@link LiveResource#site()} contains this text
	 * @param limit the most resources to include, 1 or more
	 * @return the forest
	 * @throws IllegalArgumentException if {@code limit} is less than 1
	 */
	public Forest forest(ParentLink by, @Nullable String type, @Nullable String site, int limit) {
		return forest(by, type, site, null, limit);
	}

	/**
	 * The live resources as a forest, at most {@code limit} of them, as
	 * {@link #forest(ParentLink, String, String, int)}; with a {@code traceId}, only the
	 * resources of that trace (see {@link #traceContexts}), as a flat list of top-level
	 * nodes.
	 * @param by which link makes a resource the child of another
	 * @param type when not {@code null}, only the resources of this type (ignoring case)
	 * @param site when not {@code null}, only the resources whose creation site contains
	 * it
	 * @param traceId when not {@code null}, only the resources whose
	 * {@link LiveResource#traceId()} is this one (ignoring case)
	 * @param limit the most resources to include, 1 or more
	 * @return the forest
	 * @throws IllegalArgumentException if {@code limit} is less than 1
	 */
	public Forest forest(ParentLink by, @Nullable String type, @Nullable String site, @Nullable String traceId,
			int limit) {
		Objects.requireNonNull(by, "'by' must not be null");
		return new LiveResourceForest(this.table.entries(), System.nanoTime()).forest(by, type, site, traceId, limit);
	}

	/**
	 * The live resources grouped by creation site: which line of the application holds
	 * how many resources, of which types, and since when. Groups come most resources
	 * first; resources without a site form one group whose site is {@code null}.
	 * @param type when not {@code null}, only the resources of this type (ignoring case)
	 * @param site when not {@code null}, only the sites that contain this text
	 * @param limit the most groups to include, 1 or more
	 * @return the groups
	 * @throws IllegalArgumentException if {@code limit} is less than 1
	 */
	public SiteGroups sites(@Nullable String type, @Nullable String site, int limit) {
		return new LiveResourceForest(this.table.entries(), System.nanoTime()).sites(type, site, limit);
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
		if (this.table.entry(asyncId) == null) {
			return Optional.empty();
		}
		return new LiveResourceForest(this.table.entries(), System.nanoTime()).tree(asyncId, by, limit);
	}

	/**
	 * The counts and timings of every type seen since the registry was created.
	 * @return live statistics, one per type
	 */
	public Collection<TypeStatistics> types() {
		return List.copyOf(this.table.types());
	}

	/**
	 * Call {@code listener} once for each type already seen and then whenever a type is
	 * seen for the first time, on the thread that creates its first resource (inside a
	 * hook callback: resources created by the listener are invisible to hooks).
	 * @param listener the listener; it must not throw
	 * @return a handle that removes the listener when run
	 */
	public Runnable onType(Consumer<TypeStatistics> listener) {
		return this.table.onType(listener);
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
		return this.table.types().stream().mapToLong(TypeStatistics::created).sum();
	}

	/**
	 * The tracked resources destroyed, in total.
	 * @return the sum over {@link #types()}
	 */
	public long destroyed() {
		return this.table.types().stream().mapToLong(TypeStatistics::destroyed).sum();
	}

	/**
	 * The resources not tracked because {@link #maxTracked()} were live, in total.
	 * @return the sum over {@link #types()}
	 */
	public long dropped() {
		return this.table.types().stream().mapToLong(TypeStatistics::dropped).sum();
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

		private final String type;

		// the slot of this type in each thread's counts
		final int index;

		final TypeCounts counts = new TypeCounts();

		TypeStatistics(String type, int index) {
			this.type = type;
			this.index = index;
		}

		// for tests: the threads whose counts are kept apart
		int countingThreads() {
			return this.counts.countingThreads();
		}

		private long sum(int field) {
			return this.counts.sum(field);
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
			return sum(TypeCounts.CREATED);
		}

		/**
		 * Tracked resources of this type destroyed.
		 * @return the count
		 */
		public long destroyed() {
			return sum(TypeCounts.DESTROYED);
		}

		/**
		 * Tracked resources of this type live now.
		 * @return the count
		 */
		public long active() {
			// ended first: a resource is counted in created before it can be counted as
			// ended, so this is never negative, nor below the true count when created
			// is read (it may include resources ended in between)
			long ended = sum(TypeCounts.DESTROYED) + sum(TypeCounts.DROPPED);
			return Math.max(0, sum(TypeCounts.CREATED) - ended);
		}

		/**
		 * Resources of this type not tracked because the registry was full.
		 * @return the count
		 */
		public long dropped() {
			return sum(TypeCounts.DROPPED);
		}

		/**
		 * How many first runs were timed from {@code init}.
		 * @return the count
		 */
		public long queueWaitCount() {
			return sum(TypeCounts.QUEUE_WAITS);
		}

		/**
		 * The cumulated time from {@code init} to the first {@code before}.
		 * @return nanoseconds
		 */
		public long queueWaitNanos() {
			return sum(TypeCounts.QUEUE_WAIT_NANOS);
		}

		/**
		 * How many runs ({@code before}/{@code after} pairs) were timed.
		 * @return the count
		 */
		public long runCount() {
			return sum(TypeCounts.RUNS);
		}

		/**
		 * The cumulated time from {@code before} to {@code after}.
		 * @return nanoseconds
		 */
		public long runNanos() {
			return sum(TypeCounts.RUN_NANOS);
		}

		/**
		 * How many lifetimes ({@code init} to {@code destroy}) were timed: one per
		 * tracked resource destroyed, the same as {@link #destroyed()}.
		 * @return the count
		 */
		public long lifetimeCount() {
			return sum(TypeCounts.DESTROYED);
		}

		/**
		 * The cumulated time from {@code init} to {@code destroy}.
		 * @return nanoseconds
		 */
		public long lifetimeNanos() {
			return sum(TypeCounts.LIFETIME_NANOS);
		}

		@Override
		public String toString() {
			return "TypeStatistics[" + this.type + ", active=" + active() + ", created=" + created() + ", destroyed="
					+ destroyed() + ", dropped=" + dropped() + "]";
		}

	}

	/**
	 * The registry's hook callbacks, named after the registry: hooks are listed by the
	 * class name of their callbacks (the endpoint's {@code hooks}, hook error messages).
	 */
	private static final class Callbacks extends TrackingCallbacks {

		Callbacks(ResourceTable table) {
			super(table);
		}

	}

}
