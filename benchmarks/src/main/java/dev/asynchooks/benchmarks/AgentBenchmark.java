package dev.asynchooks.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.concurrent.AsyncExecutors;
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
 * The agent against the wrapper, no hook enabled: tasks handed to a plain 2-thread
 * {@link ThreadPoolExecutor} in batches of {@value #BATCH}, each batch awaited, in a JVM
 * started with {@code -javaagent} (the pool itself is instrumented), and the same through
 * {@link AsyncExecutors#wrap} in a JVM without the agent; the raw pool without the agent
 * for reference. Run from the repository root after {@code mvn package}: the forks find
 * the agent at {@value #AGENT}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AgentBenchmark {

	static final int BATCH = 1000;

	static final String AGENT = "async-hooks-agent/target/async-hooks-agent-0.1.0-SNAPSHOT.jar";

	private ThreadPoolExecutor pool;

	private ExecutorService wrapped;

	@Setup(Level.Trial)
	public void setUp() {
		this.pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		this.wrapped = AsyncExecutors.wrap((ExecutorService) this.pool);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
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

	/**
	 * A pool whose one worker is kept busy, so that {@code execute} only queues: each
	 * operation queues a task and runs it from the queue on the benchmark's thread. The
	 * whole life of a task (wrapping, queueing, the run in scope, destroy) without the
	 * thread hop, whose cost hides everything else on a loaded machine.
	 */
	@State(Scope.Thread)
	public static class BusyPool {

		final CountDownLatch release = new CountDownLatch(1);

		ThreadPoolExecutor pool;

		ExecutorService wrapped;

		@Setup(Level.Trial)
		public void setUp() {
			this.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
			this.pool.execute(() -> {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			this.wrapped = AsyncExecutors.wrap((ExecutorService) this.pool);
		}

		@TearDown(Level.Trial)
		public void tearDown() throws InterruptedException {
			this.release.countDown();
			this.pool.shutdown();
			this.pool.awaitTermination(10, TimeUnit.SECONDS);
		}

		long queueAndRun(ExecutorService executor, Runnable task) {
			executor.execute(task);
			this.pool.getQueue().poll().run();
			return this.pool.getQueue().size();
		}

	}

	private long counter;

	private final Runnable count = () -> this.counter++;

	@Benchmark
	public long queuedRawWithoutAgent(BusyPool busy) {
		return busy.queueAndRun(busy.pool, this.count);
	}

	@Benchmark
	public long queuedWrappedWithoutAgent(BusyPool busy) {
		return busy.queueAndRun(busy.wrapped, this.count);
	}

	@Benchmark
	@Fork(value = 2, jvmArgsAppend = "-javaagent:" + AGENT)
	public long queuedPlainPoolWithAgent(BusyPool busy) {
		return busy.queueAndRun(busy.pool, this.count);
	}

	// the wrapper in the agent's JVM: the same conditions (JMH's own thread is then a
	// pool
	// task, so tasks are created inside a resource), the wrapper's path
	@Benchmark
	@Fork(value = 2, jvmArgsAppend = "-javaagent:" + AGENT)
	public long queuedWrappedWithAgent(BusyPool busy) {
		return busy.queueAndRun(busy.wrapped, this.count);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void rawWithoutAgent() throws InterruptedException {
		batch(this.pool);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void wrappedWithoutAgent() throws InterruptedException {
		batch(this.wrapped);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	@Fork(value = 2, jvmArgsAppend = "-javaagent:" + AGENT)
	public void plainPoolWithAgent() throws InterruptedException {
		batch(this.pool);
	}

}
