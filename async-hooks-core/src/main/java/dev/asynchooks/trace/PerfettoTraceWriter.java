package dev.asynchooks.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import com.google.protobuf.CodedOutputStream;
import dev.asynchooks.trace.perfetto.PerfettoTrace.DebugAnnotation;
import dev.asynchooks.trace.perfetto.PerfettoTrace.TracePacket;
import dev.asynchooks.trace.perfetto.PerfettoTrace.TrackDescriptor;
import dev.asynchooks.trace.perfetto.PerfettoTrace.TrackEvent;
import org.jspecify.annotations.Nullable;

/**
 * Writes a recording as a {@code perfetto.protos.Trace}: the packets are written one by
 * one as the trace's repeated field 1, so a large recording is never held as one message.
 * Loaded only when a trace is written, so that recording works without protobuf-java.
 */
final class PerfettoTraceWriter {

	/** The {@code packet} field of {@code perfetto.protos.Trace}. */
	private static final int TRACE_PACKET_FIELD = 1;

	/** One writer, one sequence: every packet carries it (track events need one). */
	private static final int SEQUENCE_ID = 0x4153594e;

	/** {@code TracePacket.SEQ_INCREMENTAL_STATE_CLEARED}, on the first packet. */
	private static final int SEQ_INCREMENTAL_STATE_CLEARED = 1;

	/** The track of the recording itself; resource tracks use their asyncId. */
	static final long RECORDING_TRACK = Long.MAX_VALUE;

	private final CodedOutputStream out;

	private boolean first = true;

	private PerfettoTraceWriter(OutputStream out) {
		this.out = CodedOutputStream.newInstance(out);
	}

	static void write(EventLog log, long startNanos, long stopNanos, OutputStream out) throws IOException {
		List<EventLog.Published> chunks = log.published();
		PerfettoTraceWriter writer = new PerfettoTraceWriter(out);
		Map<Long, String> tracks = trackNames(log, chunks);
		writer.descriptor(RECORDING_TRACK, 0, "async-hooks recording", startNanos);
		long written = 0;
		long unattributed = 0;
		PriorityQueue<Cursor> merge = new PriorityQueue<>(Math.max(1, chunks.size()));
		for (EventLog.Published chunk : chunks) {
			merge.add(new Cursor(chunk));
		}
		while (!merge.isEmpty()) {
			Cursor cursor = merge.poll();
			EventLog.Chunk chunk = cursor.chunk;
			int i = cursor.index;
			long asyncId = chunk.asyncId(i);
			String name = tracks.get(asyncId);
			if (name == null) {
				unattributed++;
			}
			else {
				writer.event(chunk, i, name, tracks);
				written++;
			}
			if (cursor.advance()) {
				merge.add(cursor);
			}
		}
		writer.summary(stopNanos, written, unattributed, log.dropped());
		writer.out.flush();
	}

	/**
	 * The name of each resource's track, for the resources whose init was recorded.
	 */
	private static Map<Long, String> trackNames(EventLog log, List<EventLog.Published> chunks) {
		Map<Long, String> names = new HashMap<>();
		for (EventLog.Published published : chunks) {
			EventLog.Chunk chunk = published.chunk();
			for (int i = 0; i < published.count(); i++) {
				if (chunk.kind(i) == EventLog.INIT) {
					DescriptionRef description = chunk.description(i);
					names.put(chunk.asyncId(i), trackName(log.typeName(chunk.typeCode(i)), chunk.asyncId(i),
							(description != null) ? description.description() : null));
				}
			}
		}
		return names;
	}

	private static String trackName(@Nullable String type, long asyncId, @Nullable String description) {
		String name = type + "(" + asyncId + ")";
		return (description != null && !description.isEmpty()) ? name + " " + description : name;
	}

	private void event(EventLog.Chunk chunk, int i, String trackName, Map<Long, String> tracks) throws IOException {
		long asyncId = chunk.asyncId(i);
		long time = chunk.time(i);
		byte kind = chunk.kind(i);
		switch (kind) {
			case EventLog.INIT -> {
				long trigger = chunk.aux(i);
				descriptor(asyncId, tracks.containsKey(trigger) ? trigger : 0, trackName, time);
				instant(asyncId, "init", time, annotation("triggerAsyncId", trigger));
			}
			case EventLog.BEFORE -> {
				TrackEvent.Builder event = TrackEvent.newBuilder()
					.setType(TrackEvent.Type.TYPE_SLICE_BEGIN)
					.setTrackUuid(asyncId)
					.setName(trackName)
					.addDebugAnnotations(annotation("thread", chunk.threadName))
					.addDebugAnnotations(annotation("threadId", chunk.threadId));
				packet(TracePacket.newBuilder().setTimestamp(time).setTrackEvent(event));
			}
			case EventLog.AFTER -> packet(TracePacket.newBuilder()
				.setTimestamp(time)
				.setTrackEvent(TrackEvent.newBuilder().setType(TrackEvent.Type.TYPE_SLICE_END).setTrackUuid(asyncId)));
			case EventLog.DESTROY -> instant(asyncId, "destroy", time, null);
			case EventLog.PROMISE_RESOLVE -> instant(asyncId, "promiseResolve", time, null);
			default -> throw new IllegalStateException("Unknown event kind " + kind);
		}
	}

	private void descriptor(long uuid, long parentUuid, String name, long time) throws IOException {
		TrackDescriptor.Builder track = TrackDescriptor.newBuilder().setUuid(uuid).setName(name);
		if (parentUuid != 0) {
			track.setParentUuid(parentUuid);
		}
		packet(TracePacket.newBuilder().setTimestamp(time).setTrackDescriptor(track));
	}

	private void instant(long track, String name, long time, @Nullable DebugAnnotation annotation) throws IOException {
		TrackEvent.Builder event = TrackEvent.newBuilder()
			.setType(TrackEvent.Type.TYPE_INSTANT)
			.setTrackUuid(track)
			.setName(name);
		if (annotation != null) {
			event.addDebugAnnotations(annotation);
		}
		packet(TracePacket.newBuilder().setTimestamp(time).setTrackEvent(event));
	}

	private void summary(long time, long written, long unattributed, long dropped) throws IOException {
		TrackEvent.Builder event = TrackEvent.newBuilder()
			.setType(TrackEvent.Type.TYPE_INSTANT)
			.setTrackUuid(RECORDING_TRACK)
			.setName("recording stopped")
			.addDebugAnnotations(annotation("events", written))
			.addDebugAnnotations(annotation("droppedEvents", dropped))
			.addDebugAnnotations(annotation("eventsOfEarlierResources", unattributed));
		packet(TracePacket.newBuilder().setTimestamp(time).setTrackEvent(event));
	}

	private static DebugAnnotation annotation(String name, long value) {
		return DebugAnnotation.newBuilder().setName(name).setIntValue(value).build();
	}

	private static DebugAnnotation annotation(String name, String value) {
		return DebugAnnotation.newBuilder().setName(name).setStringValue(value).build();
	}

	private void packet(TracePacket.Builder packet) throws IOException {
		packet.setTrustedPacketSequenceId(SEQUENCE_ID);
		if (this.first) {
			packet.setSequenceFlags(SEQ_INCREMENTAL_STATE_CLEARED);
			this.first = false;
		}
		this.out.writeMessage(TRACE_PACKET_FIELD, packet.build());
	}

	/**
	 * The next event of one chunk, for the merge of all chunks in time order.
	 */
	private static final class Cursor implements Comparable<Cursor> {

		final EventLog.Chunk chunk;

		private final int count;

		int index;

		Cursor(EventLog.Published published) {
			this.chunk = published.chunk();
			this.count = published.count();
		}

		boolean advance() {
			return ++this.index < this.count;
		}

		@Override
		public int compareTo(Cursor other) {
			return Long.compare(this.chunk.time(this.index), other.chunk.time(other.index));
		}

	}

}
