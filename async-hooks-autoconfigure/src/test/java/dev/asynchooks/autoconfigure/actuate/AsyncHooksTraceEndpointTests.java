package dev.asynchooks.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /actuator/asynchooks/trace?seconds=N} in a servlet application: the answer
 * is a Perfetto trace of what the application did meanwhile, read here field by field
 * with the numbers of Perfetto's own schema (no class of this project decodes it).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=asynchooks")
@DirtiesContext
class AsyncHooksTraceEndpointTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final ExecutorService pool = AsyncExecutors.wrap(Executors.newSingleThreadExecutor());

	@LocalServerPort
	private int port;

	@AfterAll
	static void shutDown() throws InterruptedException {
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void traceHoldsTheRequestsOfItsWindowWithTheirWork() throws Exception {
		CompletableFuture<HttpResponse<byte[]>> recording = client.sendAsync(request("/actuator/asynchooks/trace"),
				HttpResponse.BodyHandlers.ofByteArray());
		awaitRecording();
		assertThat(client.send(request("/work"), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("done");
		HttpResponse<byte[]> response = recording.get(60, TimeUnit.SECONDS);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		Trace trace = Trace.read(response.body());
		Track request = trace.track("HTTPINCOMINGMESSAGE", " GET /work");
		assertThat(trace.eventsOn(request.uuid())).extracting(Event::type).contains(1L, 2L);
		Track task = trace.childOf(request, "EXECUTOR_TASK");
		assertThat(trace.eventsOn(task.uuid())).extracting(Event::type, Event::name)
			.startsWith(org.assertj.core.groups.Tuple.tuple(3L, "init"),
					org.assertj.core.groups.Tuple.tuple(1L, task.name()))
			.contains(org.assertj.core.groups.Tuple.tuple(2L, ""), org.assertj.core.groups.Tuple.tuple(3L, "destroy"));
		Track promise = trace.childOf(request, "PROMISE");
		assertThat(trace.eventsOn(promise.uuid())).extracting(Event::name).contains("init", "promiseResolve");
	}

	@Test
	void secondRecordingMeanwhileIsAConflict() throws Exception {
		CompletableFuture<HttpResponse<byte[]>> first = client
			.sendAsync(request("/actuator/asynchooks/trace?seconds=1"), HttpResponse.BodyHandlers.ofByteArray());
		awaitRecording();
		HttpResponse<String> second = client.send(request("/actuator/asynchooks/trace?seconds=1"),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<byte[]> firstResponse = first.get(60, TimeUnit.SECONDS);

		assertThat(second.statusCode()).isEqualTo(409);
		assertThat(second.body()).contains("A trace is being recorded");
		assertThat(firstResponse.statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "61", "-1", "x", "1.5", "" })
	void secondsOutsideOneToSixtyAreABadRequest(String seconds) throws Exception {
		HttpResponse<String> json = client.send(request("/actuator/asynchooks/trace?seconds=" + seconds),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> text = client
			.send(HttpRequest.newBuilder(uri("/actuator/asynchooks/trace?seconds=" + seconds))
				.header("Accept", "text/plain")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(json.statusCode()).isEqualTo(400);
		assertThat(json.body()).contains("expected an integer from 1 to 60");
		assertThat(text.statusCode()).isEqualTo(400);
		assertThat(text.body()).startsWith("Invalid seconds");
		assertThat(recordingHooks()).isEmpty();
	}

	private static void awaitRecording() {
		await().atMost(Duration.ofSeconds(60)).until(() -> !recordingHooks().isEmpty());
	}

	private static List<AsyncHook> recordingHooks() {
		return AsyncHooks.enabledHooks()
			.stream()
			.filter((hook) -> hook.callbacks().getClass().getName().startsWith("dev.asynchooks.trace."))
			.toList();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(uri(path)).build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	record Track(long uuid, long parent, String name) {
	}

	record Event(long track, long type, String name) {
	}

	/**
	 * A trace read with Perfetto's field numbers: {@code Trace.packet = 1};
	 * {@code TracePacket.track_event = 11}, {@code track_descriptor = 60};
	 * {@code TrackDescriptor.uuid = 1}, {@code name = 2}, {@code parent_uuid = 5};
	 * {@code TrackEvent.type = 9}, {@code track_uuid = 11}, {@code name = 23}.
	 */
	record Trace(Map<Long, Track> tracks, List<Event> events) {

		static Trace read(byte[] bytes) throws InvalidProtocolBufferException {
			Map<Long, Track> tracks = new HashMap<>();
			List<Event> events = new ArrayList<>();
			for (ByteString bytesOfPacket : UnknownFieldSet.parseFrom(bytes).getField(1).getLengthDelimitedList()) {
				UnknownFieldSet packet = UnknownFieldSet.parseFrom(bytesOfPacket);
				if (packet.hasField(60)) {
					UnknownFieldSet track = UnknownFieldSet
						.parseFrom(packet.getField(60).getLengthDelimitedList().get(0));
					long uuid = track.getField(1).getVarintList().get(0);
					tracks.put(uuid, new Track(uuid, first(track, 5), string(track, 2)));
				}
				else {
					UnknownFieldSet event = UnknownFieldSet
						.parseFrom(packet.getField(11).getLengthDelimitedList().get(0));
					events.add(new Event(first(event, 11), first(event, 9), string(event, 23)));
				}
			}
			return new Trace(tracks, events);
		}

		Track track(String type, String description) {
			return this.tracks.values()
				.stream()
				.filter((track) -> track.name().startsWith(type + "(") && track.name().endsWith(description))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No " + type + " track in " + this.tracks.values()));
		}

		Track childOf(Track parent, String type) {
			return this.tracks.values()
				.stream()
				.filter((track) -> track.parent() == parent.uuid() && track.name().startsWith(type + "("))
				.findFirst()
				.orElseThrow(() -> new AssertionError(
						"No " + type + " track under " + parent + " in " + this.tracks.values()));
		}

		List<Event> eventsOn(long track) {
			return this.events.stream().filter((event) -> event.track() == track).toList();
		}

		private static long first(UnknownFieldSet fields, int number) {
			return fields.hasField(number) ? fields.getField(number).getVarintList().get(0) : 0;
		}

		private static String string(UnknownFieldSet fields, int number) {
			return fields.hasField(number) ? fields.getField(number).getLengthDelimitedList().get(0).toStringUtf8()
					: "";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WorkController.class)
	static class TraceApplication {

	}

	@RestController
	static class WorkController {

		@GetMapping("/work")
		String work() throws Exception {
			TrackedCompletableFuture<String> done = new TrackedCompletableFuture<>();
			pool.execute(() -> done.complete("done"));
			return done.get(30, TimeUnit.SECONDS);
		}

	}

}
