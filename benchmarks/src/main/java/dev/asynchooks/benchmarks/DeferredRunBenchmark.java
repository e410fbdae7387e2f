package dev.asynchooks.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.concurrent.AsyncExecutors;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wrap, then run later: a batch of {@value #BATCH} tasks is wrapped in the submitting
 * thread's context (handed to a wrapped executor that only queues them), then the batch
 * is run, as a pool's worker would run it. Unlike {@link TaskLifecycleBenchmark} the
 * wrapper outlives the call that made it, so the JIT cannot remove OpenTelemetry's
 * wrapper either. Per task: the raw executor, ours with no hook and with one no-op hook,
 * and OpenTelemetry's {@code Context.taskWrapping} with one value set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DeferredRunBenchmark {

	static final int BATCH = 128;

	private final Batch batch = new Batch();

	private final Executor ours = AsyncExecutors.wrap(this.batch);

	private final Executor openTelemetry = Context.taskWrapping(this.batch);

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long raw() {
		return submitAndRun(this.batch);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long oursNoHook() {
		return submitAndRun(this.ours);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long oursOneHook(Hooks.OneHook hooks) {
		return submitAndRun(this.ours);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long openTelemetryTaskWrapping(WithOpenTelemetryValue value) {
		return submitAndRun(this.openTelemetry);
	}

	private long submitAndRun(Executor executor) {
		for (int i = 0; i < BATCH; i++) {
			executor.execute(this.task);
		}
		this.batch.runAll();
		return this.counter;
	}

	/**
	 * Queues what it is given, until {@link #runAll()}.
	 */
	static final class Batch implements Executor {

		private final Runnable[] tasks = new Runnable[BATCH];

		private int size;

		@Override
		public void execute(Runnable command) {
			this.tasks[this.size++] = command;
		}

		void runAll() {
			for (int i = 0; i < this.size; i++) {
				Runnable task = this.tasks[i];
				this.tasks[i] = null;
				task.run();
			}
			this.size = 0;
		}

	}

	@State(Scope.Thread)
	public static class WithOpenTelemetryValue {

		static final ContextKey<String> key = ContextKey.named("value");

		private io.opentelemetry.context.Scope scope;

		@Setup(Level.Trial)
		public void setUp() {
			this.scope = Context.current().with(key, "value").makeCurrent();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.scope.close();
		}

	}

}
