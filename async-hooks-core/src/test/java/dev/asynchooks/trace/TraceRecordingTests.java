package dev.asynchooks.trace;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import dev.asynchooks.trace.perfetto.PerfettoTrace.TracePacket;
import dev.asynchooks.trace.perfetto.PerfettoTrace.TrackDescriptor;
import dev.asynchooks.trace.perfetto.PerfettoTrace.TrackEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The lifecycle recorded as a Perfetto trace (SPEC §11): tracks per resource nested by
 * trigger, one slice per run, instants for init, promiseResolve and destroy, a bounded
 * recording, and the trace file of {@code -Dasynchooks.trace.file}.
 */
@ExtendWith(CleanEngine.class)
class TraceRecordingTests {

	@Test
	void eachResourceIsATrackUnderItsTriggerWithItsRunsAsSlices() throws Exception {
		TraceRecording recording = TraceRecording.start();
		AsyncResource parent = new DescribedAsyncResource("REQUEST", "GET /orders");
		AsyncResource[] child = new AsyncResource[1];
		parent.runInAsyncScope(() -> child[0] = new AsyncResource("WORK"));
		child[0].runInAsyncScope(() -> {
		});
		child[0].runInAsyncScope(() -> {
		});
		child[0].emitDestroy();
		parent.emitDestroy();
		Trace trace = Trace.of(recording.toByteArray());

		assertThat(recording.isRecording()).isFalse();
		assertThat(trace.tracks.get(parent.asyncId()).getName())
			.isEqualTo("REQUEST(" + parent.asyncId() + ") GET /orders");
		assertThat(trace.tracks.get(parent.asyncId()).hasParentUuid()).isFalse();
		assertThat(trace.tracks.get(child[0].asyncId()).getName()).isEqualTo("WORK(" + child[0].asyncId() + ")");
		assertThat(trace.tracks.get(child[0].asyncId()).getParentUuid()).isEqualTo(parent.asyncId());
		assertThat(trace.eventsOn(parent.asyncId())).extracting(TrackEvent::getType, TrackEvent::getName)
			.containsExactly(tuple(TrackEvent.Type.TYPE_INSTANT, "init"),
					tuple(TrackEvent.Type.TYPE_SLICE_BEGIN, "REQUEST(" + parent.asyncId() + ") GET /orders"),
					tuple(TrackEvent.Type.TYPE_SLICE_END, ""), tuple(TrackEvent.Type.TYPE_INSTANT, "destroy"));
		assertThat(trace.eventsOn(child[0].asyncId())).extracting(TrackEvent::getType)
			.containsExactly(TrackEvent.Type.TYPE_INSTANT, TrackEvent.Type.TYPE_SLICE_BEGIN,
					TrackEvent.Type.TYPE_SLICE_END, TrackEvent.Type.TYPE_SLICE_BEGIN, TrackEvent.Type.TYPE_SLICE_END,
					TrackEvent.Type.TYPE_INSTANT);
		TrackEvent run = trace.eventsOn(child[0].asyncId()).get(1);
		assertThat(run.getDebugAnnotationsList()).anySatisfy((annotation) -> {
			assertThat(annotation.getName()).isEqualTo("thread");
			assertThat(annotation.getStringValue()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void promiseResolveIsAnInstantOnThePromisesTrack() throws Exception {
		TraceRecording recording = TraceRecording.start();
		TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
		long asyncId = future.asyncId();
		future.complete("done");
		Trace trace = Trace.of(recording.toByteArray());

		assertThat(trace.tracks.get(asyncId).getName()).isEqualTo("PROMISE(" + asyncId + ")");
		assertThat(trace.eventsOn(asyncId)).extracting(TrackEvent::getName)
			.containsExactly("init", "promiseResolve", "destroy");
	}

	@Test
	void tasksOnOtherThreadsAreMergedInTimeOrder() throws Exception {
		ExecutorService pool = AsyncExecutors.wrap(Executors.newFixedThreadPool(2));
		TraceRecording recording = TraceRecording.start();
		AsyncResource request = new AsyncResource("REQUEST");
		List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
		request.runInAsyncScope(() -> {
			for (int i = 0; i < 200; i++) {
				futures.add(pool.submit(() -> {
				}));
			}
		});
		for (java.util.concurrent.Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		request.emitDestroy();
		Trace trace = Trace.of(recording.toByteArray());

		List<TrackDescriptor> tasks = trace.tracks.values()
			.stream()
			.filter((track) -> track.getName().startsWith("EXECUTOR_TASK("))
			.toList();
		assertThat(tasks).hasSize(200).allSatisfy((task) -> {
			assertThat(task.getParentUuid()).isEqualTo(request.asyncId());
			assertThat(trace.eventsOn(task.getUuid())).extracting(TrackEvent::getType)
				.containsExactly(TrackEvent.Type.TYPE_INSTANT, TrackEvent.Type.TYPE_SLICE_BEGIN,
						TrackEvent.Type.TYPE_SLICE_END, TrackEvent.Type.TYPE_INSTANT);
		});
		assertThat(trace.timestamps).isSorted();
	}

	@Test
	void eventsBeyondTheCapAreDroppedAndCounted() throws Exception {
		TraceRecording recording = TraceRecording.start(10);
		for (int i = 0; i < 5; i++) {
			AsyncResource resource = new AsyncResource("R");
			resource.runInAsyncScope(() -> {
			});
			resource.emitDestroy();
		}
		recording.stop();

		// 5 resources x 4 events: the first 10 are kept
		assertThat(recording.recordedEvents()).isEqualTo(10);
		assertThat(recording.droppedEvents()).isEqualTo(10);
		Trace trace = Trace.of(recording.toByteArray());
		assertThat(trace.summary()).containsEntry("events", 10L).containsEntry("droppedEvents", 10L);
		assertThat(trace.events).hasSize(10 + 1);
	}

	@Test
	void eventsOfResourcesCreatedBeforeTheRecordingAreLeftOutAndCounted() throws Exception {
		AsyncResource earlier = new AsyncResource("EARLIER");
		TraceRecording recording = TraceRecording.start();
		earlier.runInAsyncScope(() -> {
		});
		earlier.emitDestroy();
		Trace trace = Trace.of(recording.toByteArray());

		assertThat(trace.tracks).doesNotContainKey(earlier.asyncId());
		assertThat(trace.summary()).containsEntry("eventsOfEarlierResources", 3L);
	}

	@Test
	void stoppedRecordingTakesNoMoreEventsAndLeavesNoHook() {
		TraceRecording recording = TraceRecording.start();
		new AsyncResource("R").emitDestroy();
		recording.stop();
		long recorded = recording.recordedEvents();
		new AsyncResource("R").emitDestroy();

		assertThat(recorded).isEqualTo(2);
		assertThat(recording.recordedEvents()).isEqualTo(2);
		assertThat(AsyncHooks.enabledHooks()).isEmpty();
	}

	/**
	 * The field numbers, read without this project's schema: those of Perfetto's own
	 * definitions ({@code TracePacket.timestamp = 8}, {@code trusted_packet_sequence_id =
	 * 10}, {@code track_event = 11}, {@code track_descriptor = 60};
	 * {@code TrackDescriptor.uuid = 1}, {@code name = 2}, {@code parent_uuid = 5};
	 * {@code TrackEvent.type = 9}, {@code track_uuid = 11}, {@code name = 23}).
	 */
	@Test
	void wireFormatUsesPerfettosFieldNumbers() throws Exception {
		TraceRecording recording = TraceRecording.start();
		AsyncResource parent = new AsyncResource("P");
		AsyncResource[] child = new AsyncResource[1];
		parent.runInAsyncScope(() -> child[0] = new AsyncResource("C"));
		child[0].emitDestroy();
		parent.emitDestroy();
		UnknownFieldSet trace = UnknownFieldSet.parseFrom(recording.toByteArray());

		List<UnknownFieldSet> packets = new ArrayList<>();
		for (ByteString packet : trace.getField(1).getLengthDelimitedList()) {
			packets.add(UnknownFieldSet.parseFrom(packet));
		}
		assertThat(trace.asMap().keySet()).containsOnly(1);
		assertThat(packets).allSatisfy((packet) -> {
			assertThat(packet.hasField(8)).isTrue();
			assertThat(packet.getField(10).getVarintList()).hasSize(1);
			assertThat(packet.hasField(11) ^ packet.hasField(60)).isTrue();
		});
		Map<Long, UnknownFieldSet> descriptors = new HashMap<>();
		List<UnknownFieldSet> events = new ArrayList<>();
		for (UnknownFieldSet packet : packets) {
			if (packet.hasField(60)) {
				UnknownFieldSet descriptor = UnknownFieldSet
					.parseFrom(packet.getField(60).getLengthDelimitedList().get(0));
				descriptors.put(descriptor.getField(1).getVarintList().get(0), descriptor);
			}
			else {
				events.add(UnknownFieldSet.parseFrom(packet.getField(11).getLengthDelimitedList().get(0)));
			}
		}
		UnknownFieldSet childTrack = descriptors.get(child[0].asyncId());
		assertThat(childTrack.getField(2).getLengthDelimitedList().get(0).toStringUtf8())
			.isEqualTo("C(" + child[0].asyncId() + ")");
		assertThat(childTrack.getField(5).getVarintList()).containsExactly(parent.asyncId());
		assertThat(events).filteredOn((event) -> event.getField(11).getVarintList().contains(child[0].asyncId()))
			.extracting((event) -> event.getField(9).getVarintList().get(0),
					(event) -> event.getField(23).getLengthDelimitedList().get(0).toStringUtf8())
			.containsExactly(tuple(3L, "init"), tuple(3L, "destroy"));
	}

	@Test
	void systemPropertyRecordsFromStartupToExitIntoAFile(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("out/app.perfetto-trace");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		File stderr = directory.resolve("stderr.txt").toFile();
		Process process = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
				"-Dasynchooks.trace.file=" + file, "-cp", System.getProperty("java.class.path"),
				TraceFileChild.class.getName())
			.redirectError(stderr)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(Files.readString(stderr.toPath())).isZero();
		Trace trace = Trace.of(Files.readAllBytes(file));

		assertThat(trace.tracks.values()).extracting(TrackDescriptor::getName)
			.contains("async-hooks recording")
			.anySatisfy((name) -> assertThat(name).matches("CHILD_WORK\\(\\d+\\)"));
		TrackDescriptor work = trace.tracks.values()
			.stream()
			.filter((track) -> track.getName().startsWith("CHILD_WORK("))
			.findFirst()
			.orElseThrow();
		assertThat(trace.eventsOn(work.getUuid())).extracting(TrackEvent::getName)
			.containsExactly("init", work.getName(), "", "destroy");
	}

	/**
	 * A decoded trace: tracks by uuid, events in the order written.
	 */
	private static final class Trace {

		final Map<Long, TrackDescriptor> tracks = new HashMap<>();

		final List<TrackEvent> events = new ArrayList<>();

		final List<Long> timestamps = new ArrayList<>();

		static Trace of(byte[] bytes) throws Exception {
			Trace trace = new Trace();
			for (TracePacket packet : dev.asynchooks.trace.perfetto.PerfettoTrace.Trace.parseFrom(bytes)
				.getPacketList()) {
				trace.timestamps.add(packet.getTimestamp());
				if (packet.hasTrackDescriptor()) {
					trace.tracks.put(packet.getTrackDescriptor().getUuid(), packet.getTrackDescriptor());
				}
				else {
					trace.events.add(packet.getTrackEvent());
				}
			}
			return trace;
		}

		List<TrackEvent> eventsOn(long track) {
			return this.events.stream().filter((event) -> event.getTrackUuid() == track).toList();
		}

		Map<String, Long> summary() {
			Map<String, Long> summary = new HashMap<>();
			eventsOn(PerfettoTraceWriter.RECORDING_TRACK).get(0)
				.getDebugAnnotationsList()
				.forEach((annotation) -> summary.put(annotation.getName(), annotation.getIntValue()));
			return summary;
		}

	}

	private static final class DescribedAsyncResource extends AsyncResource implements DescribedResource {

		private final String description;

		DescribedAsyncResource(String type, String description) {
			super(type);
			this.description = description;
		}

		@Override
		public @Nullable String asyncDescription() {
			return this.description;
		}

	}

}
