package dev.asynchooks.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.concurrent.AsyncExecutors;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * One task's whole life, wrapped at submit and run inline, carrying one
 * {@code ThreadLocalAccessor} registered in the global {@link ContextRegistry} (a value
 * set on the submitting thread, as a current span would be): async-hooks' executor
 * against Micrometer's {@link ContextExecutorService} and Spring's
 * {@link ContextPropagatingTaskDecorator}, which both capture with
 * {@code ContextSnapshotFactory.captureAll()}. Then async-hooks with no accessor
 * registered, and with the propagation switched off (what every task cost before it
 * existed, but for one volatile read). Each benchmark runs in its own JVM, so the
 * accessor registered for one does not reach the others.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ThreadLocalAccessorBenchmark {

	static final Executor inline = Runnable::run;

	static final ThreadLocal<String> value = new ThreadLocal<>();

	private final Executor ours = AsyncExecutors.wrap(inline);

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Benchmark
	public long raw() {
		inline.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long oursOneAccessor(OneAccessor accessor) {
		this.ours.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long micrometerContextExecutorService(OneAccessor accessor) {
		accessor.micrometer.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long springContextPropagatingTaskDecorator(OneAccessor accessor) {
		accessor.spring.decorate(this.task).run();
		return this.counter;
	}

	@Benchmark
	public long oursNoAccessor() {
		this.ours.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long oursPropagationOff(PropagationOff off) {
		this.ours.execute(this.task);
		return this.counter;
	}

	@State(Scope.Thread)
	public static class OneAccessor {

		ExecutorService micrometer;

		ContextPropagatingTaskDecorator spring;

		@Setup(Level.Trial)
		public void setUp() {
			ContextRegistry.getInstance().registerThreadLocalAccessor("value", value);
			value.set("value");
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
			this.micrometer = ContextExecutorService.wrap(new TaskLifecycleBenchmark.InlineExecutorService(),
					snapshots::captureAll);
			this.spring = new ContextPropagatingTaskDecorator(snapshots);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			value.remove();
			ContextRegistry.getInstance().removeThreadLocalAccessor("value");
		}

	}

	@State(Scope.Thread)
	public static class PropagationOff {

		@Setup(Level.Trial)
		public void setUp() {
			AsyncHooks.setPropagateThreadLocalAccessors(false);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			AsyncHooks.setPropagateThreadLocalAccessors(true);
		}

	}

}
