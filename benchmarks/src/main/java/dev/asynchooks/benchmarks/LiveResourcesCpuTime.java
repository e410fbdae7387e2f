package dev.asynchooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.live.LiveResources;

/**
 * The life of {@link LiveResourcesBenchmark} ({@code new AsyncResource}, one run,
 * {@code emitDestroy}) with one registry shared by one thread, then by two at once, timed
 * in the CPU time of each thread: on this project's shared 2-core VM a thread waiting for
 * a core inflates JMH's two-thread scores tenfold, while the cost of sharing the registry
 * (cache misses, failed compare-and-sets) is CPU time of the threads that share it. The
 * rounds of one and two threads alternate in one JVM, so both see the same compiled code:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.asynchooks.benchmarks.LiveResourcesCpuTime untimed
 * </pre>
 *
 * The argument is {@code none} (no registry), {@code timed} or {@code untimed}; creation
 * sites are off (see {@code CreationSitesBenchmark}). Prints, for one thread and for two,
 * the median and the minimum over 10 rounds (after 6 of warm-up) of the CPU nanoseconds
 * per life, averaged over the round's threads, and their ratio.
 */
public final class LiveResourcesCpuTime {

	private static final AsyncResourceOptions manualDestroy = AsyncResourceOptions.defaults()
		.withRequireManualDestroy(true);

	private static final int LIVES = 200_000;

	private static final int WARMUP_ROUNDS = 6;

	private static final int ROUNDS = 10;

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static volatile long sink;

	private LiveResourcesCpuTime() {
	}

	public static void main(String[] args) throws Exception {
		String registry = (args.length > 0) ? args[0] : "untimed";
		LiveResources liveResources = new LiveResources(LiveResources.DEFAULT_MAX_TRACKED, !"untimed".equals(registry))
			.creationSites(null);
		if (!"none".equals(registry)) {
			liveResources.hook().enable();
		}
		List<Double> one = new ArrayList<>();
		List<Double> two = new ArrayList<>();
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			double alone = round(1);
			double shared = round(2);
			if (round >= WARMUP_ROUNDS) {
				one.add(alone);
				two.add(shared);
			}
		}
		Collections.sort(one);
		Collections.sort(two);
		double medianOne = (one.get(ROUNDS / 2 - 1) + one.get(ROUNDS / 2)) / 2;
		double medianTwo = (two.get(ROUNDS / 2 - 1) + two.get(ROUNDS / 2)) / 2;
		System.out.printf("%s one thread: median %.1f min %.1f CPU ns/life%n", registry, medianOne, one.get(0));
		System.out.printf("%s two threads: median %.1f min %.1f CPU ns/life%n", registry, medianTwo, two.get(0));
		System.out.printf("%s two / one: median %.2f min %.2f%n", registry, medianTwo / medianOne,
				two.get(0) / one.get(0));
	}

	// the CPU ns per life, averaged over the threads of the round
	private static double round(int threadCount) throws Exception {
		CyclicBarrier barrier = new CyclicBarrier(threadCount);
		long[] cpu = new long[threadCount];
		Thread[] running = new Thread[threadCount];
		for (int t = 0; t < threadCount; t++) {
			int index = t;
			running[t] = new Thread(() -> {
				long[] counter = new long[1];
				Runnable task = () -> counter[0]++;
				try {
					barrier.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				long start = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < LIVES; i++) {
					AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
					resource.runInAsyncScope(task);
					resource.emitDestroy();
				}
				cpu[index] = threads.getCurrentThreadCpuTime() - start;
				sink += counter[0];
			});
			running[t].start();
		}
		long total = 0;
		for (int t = 0; t < threadCount; t++) {
			running[t].join();
			total += cpu[t];
		}
		return (double) total / threadCount / LIVES;
	}

}
