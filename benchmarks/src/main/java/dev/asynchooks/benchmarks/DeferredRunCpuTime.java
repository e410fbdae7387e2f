package dev.asynchooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;

import dev.asynchooks.concurrent.AsyncExecutors;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * Wrap, then run on another thread: the submitting thread wraps batches of
 * {@value DeferredRunBenchmark#BATCH} tasks in its context (handed to a wrapped executor
 * that only queues them) and hands each batch to a worker thread, which runs it, as a
 * pool's worker would. Timed in the CPU time of each thread while it wraps or runs (not
 * while it waits for the other), which a thread waiting for a core on this project's
 * shared VM does not inflate (see {@link FutureChainCpuTime}). One JVM per variant
 * ({@code raw}, {@code oursNoHook}, {@code oursOneHook}, {@code openTelemetry}: its
 * {@code Context.taskWrapping} with one value set); run them in turn, several times:
 *
 * <pre>
 * for i in 1 2 3; do for v in raw oursNoHook oursOneHook openTelemetry; do
 *   java -cp benchmarks/target/benchmarks.jar dev.asynchooks.benchmarks.DeferredRunCpuTime $v
 * done; done
 * </pre>
 *
 * Each prints the variant, then the median and the minimum of 10 rounds of 4,096 batches,
 * handed over 32 at a time (after 8 rounds of warm-up), in CPU nanoseconds per task:
 * wrapping and running, and each apart.
 */
public final class DeferredRunCpuTime {

	private static final int BATCHES = 4_096;

	// batches handed over at once, so that reading the CPU time costs little per task
	private static final int GROUP = 32;

	private static final int WARMUP_ROUNDS = 8;

	private static final int ROUNDS = 10;

	private static final ContextKey<String> key = ContextKey.named("value");

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static long counter;

	private DeferredRunCpuTime() {
	}

	public static void main(String[] args) throws Exception {
		String variant = (args.length > 0) ? args[0] : "raw";
		Queue queue = new Queue();
		Executor executor = switch (variant) {
			case "raw" -> queue;
			case "oursNoHook" -> AsyncExecutors.wrap(queue);
			case "oursOneHook" -> {
				Hooks.enable(1);
				yield AsyncExecutors.wrap(queue);
			}
			case "openTelemetry" -> {
				Context.current().with(key, "value").makeCurrent();
				yield Context.taskWrapping(queue);
			}
			default -> throw new IllegalArgumentException("Unknown variant " + variant);
		};
		SynchronousQueue<Runnable[]> handOff = new SynchronousQueue<>();
		long[] runCpu = new long[1];
		Thread worker = new Thread(() -> {
			try {
				for (;;) {
					Runnable[] batch = handOff.take();
					if (batch.length == 0) {
						return;
					}
					long start = threads.getCurrentThreadCpuTime();
					runAll(batch);
					long cpu = threads.getCurrentThreadCpuTime() - start;
					synchronized (runCpu) {
						runCpu[0] += cpu;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "worker");
		worker.start();
		Runnable task = () -> counter++;
		List<Double> total = new ArrayList<>();
		List<Double> wrap = new ArrayList<>();
		List<Double> run = new ArrayList<>();
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			long wrapCpu = 0;
			long runBefore;
			synchronized (runCpu) {
				runBefore = runCpu[0];
			}
			for (int i = 0; i < BATCHES / GROUP; i++) {
				long start = threads.getCurrentThreadCpuTime();
				Runnable[] group = wrapGroup(executor, queue, task);
				wrapCpu += threads.getCurrentThreadCpuTime() - start;
				handOff.put(group);
			}
			// the last batch has been taken; wait until it has run
			handOff.put(new Runnable[] { () -> {
			} });
			long tasks = (long) BATCHES * DeferredRunBenchmark.BATCH;
			long ran;
			synchronized (runCpu) {
				ran = runCpu[0] - runBefore;
			}
			if (round >= WARMUP_ROUNDS) {
				total.add((double) (wrapCpu + ran) / tasks);
				wrap.add((double) wrapCpu / tasks);
				run.add((double) ran / tasks);
			}
		}
		handOff.put(new Runnable[0]);
		worker.join();
		System.out.printf("%s: median %.1f min %.1f CPU ns/task (wrap %.1f, run %.1f)%n", variant, median(total),
				Collections.min(total), median(wrap), median(run));
	}

	private static void runAll(Runnable[] tasks) {
		for (Runnable task : tasks) {
			task.run();
		}
	}

	// GROUP batches, each wrapped and taken apart, handed over as one array
	private static Runnable[] wrapGroup(Executor executor, Queue queue, Runnable task) {
		Runnable[] group = new Runnable[GROUP * DeferredRunBenchmark.BATCH];
		for (int i = 0; i < GROUP; i++) {
			for (int j = 0; j < DeferredRunBenchmark.BATCH; j++) {
				executor.execute(task);
			}
			System.arraycopy(queue.take(), 0, group, i * DeferredRunBenchmark.BATCH, DeferredRunBenchmark.BATCH);
		}
		return group;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return (sorted.get(ROUNDS / 2 - 1) + sorted.get(ROUNDS / 2)) / 2;
	}

	/**
	 * Collects what it is given into a batch.
	 */
	static final class Queue implements Executor {

		private Runnable[] tasks = new Runnable[DeferredRunBenchmark.BATCH];

		private int size;

		@Override
		public void execute(Runnable command) {
			this.tasks[this.size++] = command;
		}

		Runnable[] take() {
			Runnable[] batch = this.tasks;
			this.tasks = new Runnable[DeferredRunBenchmark.BATCH];
			this.size = 0;
			return batch;
		}

	}

}
