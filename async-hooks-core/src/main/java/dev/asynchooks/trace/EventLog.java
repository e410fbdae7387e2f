package dev.asynchooks.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The bounded store of a recording's events: fixed-size chunks, each filled by one thread
 * with no lock or atomic operation per event, and claimed from a shared budget. Once the
 * budget is spent, further events are only counted.
 * <p>
 * Events live outside the Java heap (a direct buffer per chunk, 32 bytes an event), so a
 * recording of a million events adds nothing for the garbage collector to copy or scan;
 * only the descriptions of described resources are heap objects. The thread that fills a
 * chunk is the thread of all its events, so its name is kept once per chunk; types are
 * kept as numbers in a table of the names seen.
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

	static final int EVENT_BYTES = 32;

	private static final int TIME = 0;

	private static final int ID = 8;

	private static final int AUX = 16;

	private static final int KIND_AND_TYPE = 24;

	private static final VarHandle COUNT;

	static {
		try {
			COUNT = MethodHandles.lookup().findVarHandle(Chunk.class, "count", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final int maxEvents;

	private final AtomicReferenceArray<Chunk> chunks;

	private final AtomicInteger claimedChunks = new AtomicInteger();

	private final AtomicLong dropped = new AtomicLong();

	private final ThreadLocal<Lane> lanes = ThreadLocal.withInitial(this::newLane);

	private final List<Lane> allLanes = new ArrayList<>();

	private final Map<String, Integer> typeCodes = new ConcurrentHashMap<>();

	private final List<String> typeNames = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	EventLog(int maxEvents) {
		if (maxEvents < 1) {
			throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
		}
		this.maxEvents = maxEvents;
		this.chunks = new AtomicReferenceArray<>((maxEvents + CHUNK_SIZE - 1) / CHUNK_SIZE);
	}

	void init(long asyncId, String type, long triggerAsyncId, @Nullable DescriptionRef description) {
		long time = System.nanoTime();
		Lane lane = this.lanes.get();
		Chunk chunk = chunk(lane);
		if (chunk != null) {
			int index = chunk.count;
			if (description != null) {
				chunk.description(index, description);
			}
			write(chunk, index, time, asyncId, triggerAsyncId, INIT | (typeCode(lane, type) << 8));
		}
	}

	void add(byte kind, long asyncId) {
		long time = System.nanoTime();
		Chunk chunk = chunk(this.lanes.get());
		if (chunk != null) {
			write(chunk, chunk.count, time, asyncId, 0, kind);
		}
	}

	private static void write(Chunk chunk, int index, long time, long asyncId, long aux, int kindAndType) {
		ByteBuffer events = chunk.events;
		int offset = index * EVENT_BYTES;
		events.putLong(offset + TIME, time);
		events.putLong(offset + ID, asyncId);
		events.putLong(offset + AUX, aux);
		events.putInt(offset + KIND_AND_TYPE, kindAndType);
		COUNT.setRelease(chunk, index + 1);
	}

	private @Nullable Chunk chunk(Lane lane) {
		Chunk chunk = lane.chunk;
		if (chunk != null && chunk.count < chunk.capacity) {
			return chunk;
		}
		chunk = nextChunk(lane);
		if (chunk == null) {
			this.dropped.incrementAndGet();
		}
		return chunk;
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
		Thread thread = Thread.currentThread();
		Chunk chunk = new Chunk(Math.min(CHUNK_SIZE, this.maxEvents - claimed * CHUNK_SIZE), thread.getName(),
				thread.getId());
		this.chunks.set(claimed, chunk);
		lane.chunk = chunk;
		return chunk;
	}

	private int typeCode(Lane lane, String type) {
		if (type == lane.lastType) {
			return lane.lastTypeCode;
		}
		Integer code = this.typeCodes.get(type);
		if (code == null) {
			synchronized (this.typeNames) {
				code = this.typeCodes.get(type);
				if (code == null) {
					code = this.typeNames.size();
					this.typeNames.add(type);
					this.typeCodes.put(type, code);
				}
			}
		}
		lane.lastType = type;
		lane.lastTypeCode = code;
		return code;
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

	String typeName(int code) {
		return this.typeNames.get(code);
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

		final ByteBuffer events;

		final String threadName;

		final long threadId;

		/** The descriptions of described resources, by event index; made when needed. */
		private @Nullable DescriptionRef @Nullable [] descriptions;

		int count;

		Chunk(int capacity, String threadName, long threadId) {
			this.capacity = capacity;
			this.events = ByteBuffer.allocateDirect(capacity * EVENT_BYTES).order(ByteOrder.nativeOrder());
			this.threadName = threadName;
			this.threadId = threadId;
		}

		void description(int index, DescriptionRef description) {
			DescriptionRef[] descriptions = this.descriptions;
			if (descriptions == null) {
				descriptions = new DescriptionRef[this.capacity];
				this.descriptions = descriptions;
			}
			descriptions[index] = description;
		}

		long time(int index) {
			return this.events.getLong(index * EVENT_BYTES + TIME);
		}

		long asyncId(int index) {
			return this.events.getLong(index * EVENT_BYTES + ID);
		}

		/** The trigger of an init. */
		long aux(int index) {
			return this.events.getLong(index * EVENT_BYTES + AUX);
		}

		byte kind(int index) {
			return (byte) (this.events.getInt(index * EVENT_BYTES + KIND_AND_TYPE) & 0xff);
		}

		int typeCode(int index) {
			return this.events.getInt(index * EVENT_BYTES + KIND_AND_TYPE) >>> 8;
		}

		@Nullable DescriptionRef description(int index) {
			DescriptionRef[] descriptions = this.descriptions;
			return (descriptions != null) ? descriptions[index] : null;
		}

	}

	record Published(Chunk chunk, int count) {
	}

	private static final class Lane {

		@Nullable Chunk chunk;

		@Nullable String lastType;

		int lastTypeCode;

	}

}
