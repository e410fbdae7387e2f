package dev.asynchooks.benchmarks;

import java.util.concurrent.TimeUnit;

import com.alibaba.ttl.TransmittableThreadLocal;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading the current context value: {@code ThreadLocal.get} is the floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ContextReadBenchmark {

	private static final ThreadLocal<String> threadLocal = new ThreadLocal<>();

	private static final ThreadLocal<String> otherThreadLocal = new ThreadLocal<>();

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	private static final AsyncLocalStorage<String> otherStorage = new AsyncLocalStorage<>();

	private static final TransmittableThreadLocal<String> transmittable = new TransmittableThreadLocal<>();

	private static final ContextKey<String> otelKey = ContextKey.named("value");

	private io.opentelemetry.context.Scope otelScope;

	@Setup(Level.Trial)
	public void setUp() {
		threadLocal.set("value");
		otherThreadLocal.set("other");
		otherStorage.enterWith("other");
		storage.enterWith("value");
		transmittable.set("value");
		this.otelScope = Context.current().with(otelKey, "value").makeCurrent();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.otelScope.close();
		transmittable.remove();
		threadLocal.remove();
		otherThreadLocal.remove();
	}

	@Benchmark
	public String threadLocalGet() {
		return threadLocal.get();
	}

	@Benchmark
	public String asyncLocalStorageGetStore() {
		return storage.getStore();
	}

	// two values read in turn: a one-entry cache of the last read would miss every time
	@Benchmark
	public void threadLocalGetTwo(Blackhole blackhole) {
		blackhole.consume(threadLocal.get());
		blackhole.consume(otherThreadLocal.get());
	}

	@Benchmark
	public void asyncLocalStorageGetStoreTwo(Blackhole blackhole) {
		blackhole.consume(storage.getStore());
		blackhole.consume(otherStorage.getStore());
	}

	@Benchmark
	public long executionAsyncId() {
		return AsyncHooks.executionAsyncId();
	}

	@Benchmark
	public String transmittableThreadLocalGet() {
		return transmittable.get();
	}

	@Benchmark
	public String openTelemetryContextGet() {
		return Context.current().get(otelKey);
	}

}
