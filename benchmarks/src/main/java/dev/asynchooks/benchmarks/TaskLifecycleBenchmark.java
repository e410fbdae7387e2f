package dev.asynchooks.benchmarks;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.alibaba.ttl.TransmittableThreadLocal;
import com.alibaba.ttl.threadpool.TtlExecutors;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.concurrent.AsyncExecutors;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
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

/**
 * One task's whole life, wrapped at submit and run inline on the submitting thread, so
 * that only the wrapping, the context switch and the events are measured: the raw
 * executor, ours with 0, 1 and 4 no-op hooks and with one {@link AsyncLocalStorage} store
 * set, and the peers with one value each. Each benchmark runs in its own JVM, so the
 * hooks and values set up for one do not reach the others.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TaskLifecycleBenchmark {

	static final Executor inline = Runnable::run;

	private final Executor ours = AsyncExecutors.wrap(inline);

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Benchmark
	public long raw() {
		inline.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long oursNoHook() {
		this.ours.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long oursOneHook(Hooks.OneHook hooks) {
		this.ours.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long oursFourHooks(Hooks.FourHooks hooks) {
		this.ours.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long oursWithStore(WithStore store) {
		this.ours.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long transmittableThreadLocal(WithTransmittableValue value) {
		value.executor.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long openTelemetryTaskWrapping(WithOpenTelemetryValue value) {
		value.executor.execute(this.task);
		return this.counter;
	}

	@Benchmark
	public long micrometerContextExecutorService(WithMicrometerValue value) {
		value.executor.execute(this.task);
		return this.counter;
	}

	@State(Scope.Thread)
	public static class WithStore {

		static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

		@Setup(Level.Trial)
		public void setUp() {
			storage.enterWith("value");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			storage.disable();
		}

	}

	@State(Scope.Thread)
	public static class WithTransmittableValue {

		static final TransmittableThreadLocal<String> value = new TransmittableThreadLocal<>();

		final Executor executor = TtlExecutors.getTtlExecutor(inline);

		@Setup(Level.Trial)
		public void setUp() {
			value.set("value");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			value.remove();
		}

	}

	@State(Scope.Thread)
	public static class WithOpenTelemetryValue {

		static final ContextKey<String> key = ContextKey.named("value");

		final Executor executor = Context.taskWrapping(inline);

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

	@State(Scope.Thread)
	public static class WithMicrometerValue {

		static final ThreadLocal<String> value = new ThreadLocal<>();

		ExecutorService executor;

		@Setup(Level.Trial)
		public void setUp() {
			value.set("value");
			ContextRegistry registry = new ContextRegistry();
			registry.registerThreadLocalAccessor("value", value);
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).build();
			this.executor = ContextExecutorService.wrap(new InlineExecutorService(), snapshots::captureAll);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			value.remove();
		}

	}

	/**
	 * Runs each task on the calling thread, for the peer that wraps only an
	 * {@code ExecutorService}.
	 */
	static final class InlineExecutorService extends AbstractExecutorService {

		@Override
		public void execute(Runnable command) {
			command.run();
		}

		@Override
		public void shutdown() {
		}

		@Override
		public List<Runnable> shutdownNow() {
			return List.of();
		}

		@Override
		public boolean isShutdown() {
			return false;
		}

		@Override
		public boolean isTerminated() {
			return false;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return false;
		}

	}

}
