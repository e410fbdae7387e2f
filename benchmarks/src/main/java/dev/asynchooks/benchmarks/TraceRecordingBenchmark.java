package dev.asynchooks.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.trace.TraceRecording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a trace recording per event: the life of one resource (init, before, after,
 * destroy: four events) with no hook, with one no-op hook that overrides every callback,
 * and with a {@link TraceRecording} as the only hook. A recording is started for each
 * iteration (so it never fills up and every event is stored) and dropped after it; the
 * chunks it allocates are part of what it costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TraceRecordingBenchmark {

	private static final AsyncResourceOptions manualDestroy = AsyncResourceOptions.defaults()
		.withRequireManualDestroy(true);

	@Param({ "none", "noopHook", "recording" })
	public String observer;

	private List<AsyncHook> hooks = List.of();

	private TraceRecording recording;

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Setup(Level.Iteration)
	public void setUp() {
		switch (this.observer) {
			case "noopHook" -> this.hooks = Hooks.enable(1);
			case "recording" -> this.recording = TraceRecording.start();
			default -> {
			}
		}
	}

	@TearDown(Level.Iteration)
	public void tearDown() {
		Hooks.disable(this.hooks);
		if (this.recording != null) {
			this.recording.stop();
			this.recording = null;
		}
	}

	@Benchmark
	public long resourceLifecycle() {
		AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
		resource.runInAsyncScope(this.task);
		resource.emitDestroy();
		if (this.recording != null && this.recording.droppedEvents() != 0) {
			this.recording.stop();
			this.recording = TraceRecording.start();
		}
		return this.counter;
	}

}
