package dev.asynchooks.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.live.LiveResources;
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
 * What the live-resource registry (enabled in every application with the starter) adds to
 * a resource's life and to each run: with {@code registry=false} no hook is enabled. Run
 * with {@code -prof gc}: a run ({@code before}/{@code after}) must allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LiveResourcesBenchmark {

	private static final AsyncResourceOptions manualDestroy = AsyncResourceOptions.defaults()
		.withRequireManualDestroy(true);

	@Param({ "none", "timed", "untimed" })
	public String registry;

	private LiveResources liveResources;

	private AsyncResource running;

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Setup(Level.Trial)
	public void setUp() {
		this.liveResources = new LiveResources(LiveResources.DEFAULT_MAX_TRACKED, !"untimed".equals(this.registry));
		if (!"none".equals(this.registry)) {
			this.liveResources.hook().enable();
		}
		this.running = new AsyncResource("BENCH_RUN", manualDestroy);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.running.emitDestroy();
		this.liveResources.hook().disable();
	}

	@Benchmark
	public long lifecycle() {
		AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
		resource.runInAsyncScope(this.task);
		resource.emitDestroy();
		return this.counter;
	}

	@Benchmark
	public long run() {
		this.running.runInAsyncScope(this.task);
		return this.counter;
	}

}
