package dev.asynchooks.trace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.HookCallbacks;

/**
 * A recording of every lifecycle event of the process, for a timeline: from
 * {@link #start()} until {@link #stop()}, each {@code init}, {@code before},
 * {@code after}, {@code promiseResolve} and {@code destroy} is kept with its time and
 * thread, and {@link #writeTo(OutputStream)} writes them as a
 * <a href="https://perfetto.dev">Perfetto</a> trace: one track per resource whose
 * {@code init} was recorded, named {@code TYPE(asyncId)} and its description, nested
 * under the track of its trigger when that one's {@code init} was recorded too; one slice
 * per run; instants for {@code init}, {@code promiseResolve} and {@code destroy}. Open
 * the file in <a href="https://ui.perfetto.dev">ui.perfetto.dev</a>. <pre class="code">
 * try (TraceRecording recording = TraceRecording.start()) {
 *     runTheWorkload();
 *     try (OutputStream out = Files.newOutputStream(Path.of("app.perfetto-trace"))) {
 *         recording.writeTo(out);
 *     }
 * }
 * </pre>
 * <p>
 * A recording is an ordinary hook (visible in {@link AsyncHooks#enabledHooks()}): it sees
 * what any hook sees from the moment it starts, and several may run at once. Memory is
 * bounded: events beyond {@code maxEvents} are dropped and counted, in
 * {@link #droppedEvents()} and in the trace. Events of resources whose {@code init}
 * happened before the recording started have no track and are left out of the trace
 * (counted in it too). Each event costs a clock read and a few stores on the calling
 * thread, into a buffer outside the Java heap: no lock, no atomic operation, and no
 * allocation except one chunk per 1024 events (and a weak reference per described
 * resource, whose description is read again when the trace is written).
 * <p>
 * Writing the trace needs {@code com.google.protobuf:protobuf-java} on the class path (an
 * optional dependency of this library; the Spring Boot starter brings it). Recording does
 * not.
 *
 * @since 0.1.0
 */
public final class TraceRecording implements AutoCloseable {

	/**
	 * The number of events a recording keeps by default: 32 MB outside the Java heap when
	 * full.
	 */
	public static final int DEFAULT_MAX_EVENTS = 1_000_000;

	private final EventLog log;

	private final AsyncHook hook;

	private final long startNanos;

	private volatile long stopNanos;

	private TraceRecording(int maxEvents) {
		this.log = new EventLog(maxEvents);
		this.hook = AsyncHooks.createHook(new Recorder(this.log));
		this.startNanos = System.nanoTime();
		this.hook.enable();
	}

	/**
	 * Starts a recording that keeps up to {@link #DEFAULT_MAX_EVENTS} events.
	 * @return the recording, already recording
	 */
	public static TraceRecording start() {
		return start(DEFAULT_MAX_EVENTS);
	}

	/**
	 * Starts a recording.
	 * @param maxEvents the number of events to keep; later ones are dropped and counted
	 * @return the recording, already recording
	 */
	public static TraceRecording start(int maxEvents) {
		return new TraceRecording(maxEvents);
	}

	/**
	 * Stops recording (its hook is disabled). Events already recorded are kept. Calling
	 * it again has no effect.
	 */
	public void stop() {
		if (this.hook.isEnabled()) {
			this.hook.disable();
			this.stopNanos = System.nanoTime();
		}
		this.log.close();
	}

	/**
	 * Whether the recording is still taking events.
	 * @return {@code true} until {@link #stop()}
	 */
	public boolean isRecording() {
		return this.hook.isEnabled();
	}

	/**
	 * The number of events kept so far.
	 * @return the number of recorded events
	 */
	public long recordedEvents() {
		return this.log.recorded();
	}

	/**
	 * The number of events that came after the recording was full.
	 * @return the number of dropped events
	 */
	public long droppedEvents() {
		return this.log.dropped();
	}

	/**
	 * Stops the recording and writes it as a Perfetto trace (a serialized
	 * {@code perfetto.protos.Trace}).
	 * @param out where to write; not closed
	 * @throws IOException if writing fails
	 * @throws IllegalStateException if protobuf-java is not on the class path
	 */
	public void writeTo(OutputStream out) throws IOException {
		stop();
		requirePerfettoOutput();
		PerfettoTraceWriter.write(this.log, this.startNanos, this.stopNanos, out);
	}

	/**
	 * Stops the recording and returns it as a Perfetto trace.
	 * @return the serialized trace
	 * @throws IllegalStateException if protobuf-java is not on the class path
	 */
	public byte[] toByteArray() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			writeTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

	/**
	 * Whether traces can be written here: protobuf-java is on the class path.
	 * @return {@code true} if {@link #writeTo(OutputStream)} can work
	 */
	public static boolean isPerfettoOutputAvailable() {
		try {
			Class.forName("com.google.protobuf.CodedOutputStream", false, TraceRecording.class.getClassLoader());
			Class.forName("com.google.protobuf.RuntimeVersion", false, TraceRecording.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	private static void requirePerfettoOutput() {
		if (!isPerfettoOutputAvailable()) {
			throw new IllegalStateException("Writing a Perfetto trace needs com.google.protobuf:protobuf-java 4.x "
					+ "on the class path (an optional dependency of async-hooks-core)");
		}
	}

	/**
	 * The hook that records: each callback is one append to the log.
	 */
	private static final class Recorder implements HookCallbacks {

		private final EventLog log;

		Recorder(EventLog log) {
			this.log = log;
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			this.log.init(asyncId, type, triggerAsyncId,
					(resource instanceof DescribedResource described) ? new DescriptionRef(described) : null);
		}

		@Override
		public void before(long asyncId) {
			this.log.add(EventLog.BEFORE, asyncId);
		}

		@Override
		public void after(long asyncId) {
			this.log.add(EventLog.AFTER, asyncId);
		}

		@Override
		public void destroy(long asyncId) {
			this.log.add(EventLog.DESTROY, asyncId);
		}

		@Override
		public void promiseResolve(long asyncId) {
			this.log.add(EventLog.PROMISE_RESOLVE, asyncId);
		}

	}

}
