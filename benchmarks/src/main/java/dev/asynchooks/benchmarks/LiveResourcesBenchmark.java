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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the live-resource registry (enabled in every application with the starter) adds to
 * a resource's life and to each run: with {@code registry=none} no hook is enabled. One
 * registry is shared by the benchmark's threads, as in an application: the
 * {@code …TwoThreads} methods are the same work on two threads at once, so that their
 * ratio to the one-thread methods is the cost of sharing the registry. Run with
 * {@code -prof gc}: a run ({@code before}/{@code after}) must allocate nothing, and a
 * life must allocate the same with two threads as with one.
 */
@State(Scope.Benchmark)
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

	@Setup(Level.Trial)
	public void setUp() {
		// without creation sites: their stack walk (CreationSitesBenchmark) would hide
		// the
		// registry's own cost
		this.liveResources = new LiveResources(LiveResources.DEFAULT_MAX_TRACKED, !"untimed".equals(this.registry))
			.creationSites(null);
		if (!"none".equals(this.registry)) {
			this.liveResources.hook().enable();
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.liveResources.hook().disable();
	}

	/**
	 * What each thread of the benchmark runs: a resource of its own, run again and again.
	 */
	@State(Scope.Thread)
	public static class Running {

		AsyncResource running;

		long counter;

		final Runnable task = () -> this.counter++;

		@Setup(Level.Trial)
		public void setUp(LiveResourcesBenchmark registry) {
			this.running = new AsyncResource("BENCH_RUN", manualDestroy);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.running.emitDestroy();
		}

	}

	@Benchmark
	@Threads(1)
	public long lifecycle(Running thread) {
		return life(thread);
	}

	@Benchmark
	@Threads(2)
	public long lifecycleTwoThreads(Running thread) {
		return life(thread);
	}

	@Benchmark
	@Threads(1)
	public long run(Running thread) {
		thread.running.runInAsyncScope(thread.task);
		return thread.counter;
	}

	@Benchmark
	@Threads(2)
	public long runTwoThreads(Running thread) {
		thread.running.runInAsyncScope(thread.task);
		return thread.counter;
	}

	private static long life(Running thread) {
		AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
		resource.runInAsyncScope(thread.task);
		resource.emitDestroy();
		return thread.counter;
	}

}
