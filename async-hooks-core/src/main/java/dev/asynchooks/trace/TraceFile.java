package dev.asynchooks.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recording asked for with the system property {@value #FILE_PROPERTY}: it starts
 * when the engine is first used and is written to that file when the JVM exits, like
 * Node's {@code --trace-event-categories node.async_hooks}. The property
 * {@value #MAX_EVENTS_PROPERTY} bounds it (default
 * {@link TraceRecording#DEFAULT_MAX_EVENTS}). <pre class="code">
 * java -Dasynchooks.trace.file=app.perfetto-trace -cp ... com.example.Main
 * </pre>
 */
final class TraceFile {

	static final String FILE_PROPERTY = "asynchooks.trace.file";

	static final String MAX_EVENTS_PROPERTY = "asynchooks.trace.max-events";

	private static final Logger logger = System.getLogger("dev.asynchooks");

	private TraceFile() {
	}

	/**
	 * Starts the recording if the property names a file. Called once by the engine when
	 * it is first loaded; never throws.
	 */
	static void startIfRequested() {
		String file = System.getProperty(FILE_PROPERTY);
		if (file == null || file.isBlank()) {
			return;
		}
		try {
			if (!TraceRecording.isPerfettoOutputAvailable()) {
				logger.log(Level.ERROR, () -> "No trace is recorded for " + FILE_PROPERTY + "=" + file
						+ ": writing a Perfetto trace needs com.google.protobuf:protobuf-java 4.x on the class path");
				return;
			}
			Path path = Path.of(file).toAbsolutePath();
			TraceRecording recording = TraceRecording.start(maxEvents());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> write(recording, path), "async-hooks-trace-file"));
		}
		catch (RuntimeException ex) {
			logger.log(Level.ERROR, () -> "No trace is recorded for " + FILE_PROPERTY + "=" + file, ex);
		}
	}

	private static int maxEvents() {
		String value = System.getProperty(MAX_EVENTS_PROPERTY);
		if (value == null) {
			return TraceRecording.DEFAULT_MAX_EVENTS;
		}
		try {
			int maxEvents = Integer.parseInt(value.trim());
			if (maxEvents > 0) {
				return maxEvents;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		logger.log(Level.WARNING, () -> "Ignoring " + MAX_EVENTS_PROPERTY + "=" + value
				+ " (not a positive integer); keeping " + TraceRecording.DEFAULT_MAX_EVENTS + " events");
		return TraceRecording.DEFAULT_MAX_EVENTS;
	}

	static void write(TraceRecording recording, Path path) {
		try {
			Path parent = path.getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			try (OutputStream out = Files.newOutputStream(path)) {
				recording.writeTo(out);
			}
		}
		catch (IOException | RuntimeException ex) {
			// the JVM is exiting: standard error is the one place left to say it
			System.err.println("async-hooks: could not write the trace to " + path + ": " + ex);
		}
	}

}
