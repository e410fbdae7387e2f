package dev.asynchooks.live;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;

import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.live.LiveResources.ParentLink;
import dev.asynchooks.live.LiveResources.TypeStatistics;
import org.jspecify.annotations.Nullable;

/**
 * The record of one tracked resource: what its {@code init} said, and its runs, written
 * by {@link TrackingCallbacks} and read when a view is taken.
 */
final class ResourceEntry extends EntryKey {

	// runs in the high half, scopes running now in the low half: one atomic add per event
	static final VarHandle COUNTS;

	static final long RUN = (1L << 32) | 1;

	static final VarHandle THREAD;

	static final VarHandle BEFORE_NANOS;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			COUNTS = lookup.findVarHandle(ResourceEntry.class, "counts", long.class);
			THREAD = lookup.findVarHandle(ResourceEntry.class, "thread", Thread.class);
			BEFORE_NANOS = lookup.findVarHandle(ResourceEntry.class, "beforeNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final long asyncId;

	final String type;

	final long triggerAsyncId;

	final long executionAsyncId;

	final long initNanos;

	final TypeStatistics statistics;

	final @Nullable WeakReference<DescribedResource> described;

	final @Nullable String site;

	// the tracer's context current at init (or attached later, for a request whose
	// server span starts after it), read into ids only when a view is taken
	volatile @Nullable Object traceContext;

	@Nullable TraceContextReader<Object> traceReader;

	volatile long counts;

	// release/acquire through THREAD and BEFORE_NANOS: no fence on the hot path
	@Nullable Thread thread;

	long beforeNanos;

	ResourceEntry(long asyncId, String type, long triggerAsyncId, long executionAsyncId, long initNanos,
			TypeStatistics statistics, @Nullable WeakReference<DescribedResource> described, @Nullable String site) {
		this.asyncId = asyncId;
		this.type = type;
		this.triggerAsyncId = triggerAsyncId;
		this.executionAsyncId = executionAsyncId;
		this.initNanos = initNanos;
		this.statistics = statistics;
		this.described = described;
		this.site = site;
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
				Duration.ofNanos(Math.max(0, now - this.initNanos)), runs, (thread != null) ? thread.getName() : null,
				(thread != null) ? threadId(thread) : null, description, details, this.site, traceId(), spanId());
	}

	@Nullable String traceId() {
		Object context = this.traceContext;
		TraceContextReader<Object> reader = this.traceReader;
		if (context == null || reader == null) {
			return null;
		}
		try {
			return reader.traceId(context);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private @Nullable String spanId() {
		Object context = this.traceContext;
		TraceContextReader<Object> reader = this.traceReader;
		if (context == null || reader == null) {
			return null;
		}
		try {
			return reader.spanId(context);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+
	private static Long threadId(Thread thread) {
		return thread.getId();
	}

}
