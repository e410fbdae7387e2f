package dev.asynchooks.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
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
 * The whole life of one resource on one thread: create (init), run once in its scope
 * (before/after), destroy. Against a plain call of the same function.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ResourceScopeBenchmark {

	private static final AsyncResourceOptions manualDestroy = AsyncResourceOptions.defaults()
		.withRequireManualDestroy(true);

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@Param({ "0", "1", "4" })
	public int hooks;

	private List<AsyncHook> enabled;

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Setup(Level.Trial)
	public void setUp() {
		this.enabled = Hooks.enable(this.hooks);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		Hooks.disable(this.enabled);
	}

	@Benchmark
	public long raw() {
		this.task.run();
		return this.counter;
	}

	@Benchmark
	public long resourceLifecycle() {
		AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
		resource.runInAsyncScope(this.task);
		resource.emitDestroy();
		return this.counter;
	}

	@Benchmark
	public long resourceLifecycleWithStore() {
		storage.run("value", () -> {
			AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
			resource.runInAsyncScope(this.task);
			resource.emitDestroy();
		});
		return this.counter;
	}

}
