package dev.asynchooks.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The bounded store of a recording's events: fixed-size chunks, each filled by one thread
 * with no lock or atomic operation per event, and claimed from a shared budget. Once the
 * budget is spent, further events are only counted.
 * <p>
 * A chunk's owner publishes each event with a release store of the chunk's count; a
 * reader takes the count with an acquire load and reads only events below it, so it sees
 * whole events even while owners are still writing.
 */
final class EventLog {

	static final byte INIT = 0;

	static final byte BEFORE = 1;

	static final byte AFTER = 2;

	static final byte DESTROY = 3;

	static final byte PROMISE_RESOLVE = 4;

	static final int CHUNK_SIZE = 1024;

	private static final VarHandle COUNT;

	static {
		try {
			COUNT = MethodHandles.lookup().findVarHandle(Chunk.class, "count", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final AtomicReferenceArray<Chunk> chunks;

	private final AtomicInteger claimedChunks = new AtomicInteger();

	private final AtomicLong dropped = new AtomicLong();

	private final ThreadLocal<Lane> lanes = ThreadLocal.withInitial(this::newLane);

	private final List<Lane> allLanes = new ArrayList<>();

	private volatile boolean closed;

	private final int maxEvents;

	EventLog(int maxEvents) {
		if (maxEvents < 1) {
			throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
		}
		this.maxEvents = maxEvents;
		this.chunks = new AtomicReferenceArray<>((maxEvents + CHUNK_SIZE - 1) / CHUNK_SIZE);
	}

	void add(byte kind, long asyncId, long aux, @Nullable String first, @Nullable Object second) {
		long time = System.nanoTime();
		Lane lane = this.lanes.get();
		Chunk chunk = lane.chunk;
		if (chunk == null || chunk.count == chunk.capacity) {
			chunk = nextChunk(lane);
			if (chunk == null) {
				this.dropped.incrementAndGet();
				return;
			}
		}
		int index = chunk.count;
		chunk.kinds[index] = kind;
		chunk.times[index] = time;
		chunk.ids[index] = asyncId;
		chunk.aux[index] = aux;
		chunk.first[index] = first;
		chunk.second[index] = second;
		COUNT.setRelease(chunk, index + 1);
	}

	private @Nullable Chunk nextChunk(Lane lane) {
		if (this.closed) {
			lane.chunk = null;
			return null;
		}
		int claimed = this.claimedChunks.getAndIncrement();
		if (claimed >= this.chunks.length()) {
			this.claimedChunks.decrementAndGet();
			lane.chunk = null;
			return null;
		}
		// the last chunk holds what is left of the budget, so no more than maxEvents are
		// kept
		Chunk chunk = new Chunk(Math.min(CHUNK_SIZE, this.maxEvents - claimed * CHUNK_SIZE));
		this.chunks.set(claimed, chunk);
		lane.chunk = chunk;
		return chunk;
	}

	private Lane newLane() {
		Lane lane = new Lane();
		synchronized (this.allLanes) {
			this.allLanes.add(lane);
		}
		return lane;
	}

	/**
	 * Stops taking events and lets go of the chunks the threads hold, so that a pooled
	 * thread keeps no more than an empty lane of a finished recording.
	 */
	void close() {
		this.closed = true;
		synchronized (this.allLanes) {
			for (Lane lane : this.allLanes) {
				lane.chunk = null;
			}
		}
	}

	long dropped() {
		return this.dropped.get();
	}

	/**
	 * The chunks written so far, each with the number of its events that are complete.
	 * @return the chunks, in no particular order
	 */
	List<Published> published() {
		int claimed = Math.min(this.claimedChunks.get(), this.chunks.length());
		List<Published> result = new ArrayList<>(claimed);
		for (int i = 0; i < claimed; i++) {
			Chunk chunk = this.chunks.get(i);
			if (chunk != null) {
				int count = (int) COUNT.getAcquire(chunk);
				if (count > 0) {
					result.add(new Published(chunk, count));
				}
			}
		}
		return result;
	}

	long recorded() {
		long total = 0;
		for (Published published : published()) {
			total += published.count();
		}
		return total;
	}

	/**
	 * The events one thread wrote, in the order it wrote them (so in time order).
	 */
	static final class Chunk {

		final int capacity;

		final byte[] kinds;

		final long[] times;

		final long[] ids;

		/** The trigger id for init, the thread id for before; unused otherwise. */
		final long[] aux;

		/** The type for init, the thread's name for before. */
		final @Nullable String[] first;

		/** The description for init: a {@link DescriptionRef}. */
		final @Nullable Object[] second;

		int count;

		Chunk(int capacity) {
			this.capacity = capacity;
			this.kinds = new byte[capacity];
			this.times = new long[capacity];
			this.ids = new long[capacity];
			this.aux = new long[capacity];
			this.first = new String[capacity];
			this.second = new Object[capacity];
		}

	}

	record Published(Chunk chunk, int count) {
	}

	private static final class Lane {

		@Nullable Chunk chunk;

	}

}
