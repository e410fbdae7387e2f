package dev.asynchooks.autoconfigure.actuate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.asynchooks.trace.TraceRecording;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * {@code GET /actuator/asynchooks/trace?seconds=N}: records the lifecycle for N seconds
 * (1–60, default 5) and answers the Perfetto trace ({@code application/octet-stream}, see
 * {@link TraceRecording}). One recording at a time: a second request meanwhile is
 * answered 409, so that the memory the recordings take stays bounded.
 */
final class TraceOperation {

	static final String SELECTOR = "trace";

	static final int DEFAULT_SECONDS = 5;

	static final int MAX_SECONDS = 60;

	private static final MimeType OCTET_STREAM = MimeType.valueOf("application/octet-stream");

	private final AtomicBoolean recording = new AtomicBoolean();

	private final int maxEvents;

	TraceOperation(int maxEvents) {
		this.maxEvents = maxEvents;
	}

	WebEndpointResponse<Object> record(@Nullable String seconds) {
		int duration;
		try {
			duration = seconds(seconds);
		}
		catch (IllegalArgumentException ex) {
			return error(ex.getMessage(), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		if (!TraceRecording.isPerfettoOutputAvailable()) {
			return error("Recording a trace needs com.google.protobuf:protobuf-java 4.x on the class path",
					WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		if (!this.recording.compareAndSet(false, true)) {
			return error("A trace is being recorded; try again when it is done", 409);
		}
		try {
			TraceRecording recording = TraceRecording.start(this.maxEvents);
			try {
				TimeUnit.SECONDS.sleep(duration);
			}
			catch (InterruptedException ex) {
				// answer what was recorded until then
				Thread.currentThread().interrupt();
			}
			finally {
				recording.stop();
			}
			return new WebEndpointResponse<>(recording.toByteArray(), WebEndpointResponse.STATUS_OK, OCTET_STREAM);
		}
		finally {
			this.recording.set(false);
		}
	}

	private static int seconds(@Nullable String seconds) {
		if (seconds == null) {
			return DEFAULT_SECONDS;
		}
		try {
			int value = Integer.parseInt(seconds.trim());
			if (value >= 1 && value <= MAX_SECONDS) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new IllegalArgumentException(
				"Invalid seconds '" + seconds + "': expected an integer from 1 to " + MAX_SECONDS);
	}

	private static WebEndpointResponse<Object> error(@Nullable String message, int status) {
		return new WebEndpointResponse<>(new AsyncHooksEndpoint.ErrorDescriptor(String.valueOf(message)), status);
	}

}
