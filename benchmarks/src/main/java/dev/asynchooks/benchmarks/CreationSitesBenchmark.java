package dev.asynchooks.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.live.CreationSites;
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
 * What creation sites add to a resource's life with the live-resource registry enabled:
 * {@code sites=off} records none, {@code sites=on} the defaults. {@link #task()} is an
 * executor task (the integration names the task's class, so with sites on its site is a
 * cached lookup after the first); {@link #resource()} is a {@code new AsyncResource} with
 * no function, whose site is a stack walk every time: the cost of a first capture. Run
 * with {@code -prof gc}: the cached site must allocate nothing per resource.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CreationSitesBenchmark {

	private static final AsyncResourceOptions manualDestroy = AsyncResourceOptions.defaults()
		.withRequireManualDestroy(true);

	@Param({ "off", "on" })
	public String sites;

	private LiveResources liveResources;

	private final Executor direct = AsyncExecutors.wrap((Executor) Runnable::run);

	private long counter;

	private final Runnable work = () -> this.counter++;

	@Setup(Level.Trial)
	public void setUp() {
		this.liveResources = new LiveResources(LiveResources.DEFAULT_MAX_TRACKED, false)
			.creationSites("on".equals(this.sites) ? CreationSites.defaults() : null);
		this.liveResources.hook().enable();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.liveResources.hook().disable();
	}

	@Benchmark
	public long task() {
		this.direct.execute(this.work);
		return this.counter;
	}

	@Benchmark
	public long resource() {
		AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
		resource.emitDestroy();
		return resource.asyncId();
	}

}
