package dev.asynchooks.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tasks handed to a 2-thread {@link ThreadPoolExecutor} in batches of {@value #BATCH},
 * each batch awaited: the cost per task of a real thread hop, raw and through each
 * wrapper.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class HandoffBenchmark {

	static final int BATCH = 1000;

	private static final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	private static final TransmittableThreadLocal<String> transmittable = new TransmittableThreadLocal<>();

	private static final ContextKey<String> otelKey = ContextKey.named("value");

	private static final ThreadLocal<String> micrometerValue = new ThreadLocal<>();

	private ThreadPoolExecutor pool;

	private ExecutorService ours;

	private ExecutorService ttl;

	private ExecutorService otel;

	private ExecutorService micrometer;

	private io.opentelemetry.context.Scope otelScope;

	@Setup(Level.Trial)
	public void setUp() {
		this.pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		this.ours = AsyncExecutors.wrap((ExecutorService) this.pool);
		this.ttl = TtlExecutors.getTtlExecutorService(this.pool);
		this.otel = Context.taskWrapping(this.pool);
		ContextRegistry registry = new ContextRegistry();
		registry.registerThreadLocalAccessor("value", micrometerValue);
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).build();
		this.micrometer = ContextExecutorService.wrap(this.pool, snapshots::captureAll);
		transmittable.set("value");
		micrometerValue.set("value");
		this.otelScope = Context.current().with(otelKey, "value").makeCurrent();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.otelScope.close();
		transmittable.remove();
		micrometerValue.remove();
		this.pool.shutdown();
		this.pool.awaitTermination(10, TimeUnit.SECONDS);
	}

	private static void batch(ExecutorService executor) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(BATCH);
		Runnable task = done::countDown;
		for (int i = 0; i < BATCH; i++) {
			executor.execute(task);
		}
		done.await();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void raw() throws InterruptedException {
		batch(this.pool);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void oursNoHook() throws InterruptedException {
		batch(this.ours);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void oursOneHook(Hooks.OneHook hook) throws InterruptedException {
		batch(this.ours);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void oursOneHookWithoutDestroy(Hooks.OneHookWithoutDestroy hook) throws InterruptedException {
		batch(this.ours);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void oursFourHooks(Hooks.FourHooks hooks) throws InterruptedException {
		batch(this.ours);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void oursWithStore() throws InterruptedException {
		storage.run("value", () -> {
			try {
				batch(this.ours);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void transmittableThreadLocal() throws InterruptedException {
		batch(this.ttl);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void openTelemetryTaskWrapping() throws InterruptedException {
		batch(this.otel);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void micrometerContextExecutorService() throws InterruptedException {
		batch(this.micrometer);
	}

}
