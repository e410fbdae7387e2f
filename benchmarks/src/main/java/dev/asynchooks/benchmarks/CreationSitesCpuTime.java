package dev.asynchooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.live.CreationSites;
import dev.asynchooks.live.LiveResources;

/**
 * The operations of {@link CreationSitesBenchmark} timed in the CPU time of the measuring
 * thread instead of wall-clock time (see {@link FutureChainCpuTime} for why: on a shared
 * machine a thread waiting for a core inflates JMH's scores many times over). One JVM
 * runs all four variants, interleaved round by round, with one registry enabled whose
 * creation sites are switched between rounds:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.asynchooks.benchmarks.CreationSitesCpuTime
 * </pre>
 *
 * Prints, per variant, the median and the minimum of 8 rounds (after 6 of warm-up) in
 * nanoseconds of CPU time per operation: an executor task (site cached per task class
 * when sites are on) and a {@code new AsyncResource} (a stack walk per resource when
 * sites are on).
 */
public final class CreationSitesCpuTime {

	private static final AsyncResourceOptions manualDestroy = AsyncResourceOptions.defaults()
		.withRequireManualDestroy(true);

	private static final int OPERATIONS = 100_000;

	private static final int WARMUP_ROUNDS = 6;

	private static final int ROUNDS = 8;

	private static long counter;

	private CreationSitesCpuTime() {
	}

	public static void main(String[] args) {
		LiveResources live = new LiveResources(LiveResources.DEFAULT_MAX_TRACKED, false);
		live.hook().enable();
		Executor direct = AsyncExecutors.wrap((Executor) Runnable::run);
		Runnable work = () -> counter++;
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		String[] variants = { "task, sites off", "task, sites on (cached)", "resource, sites off",
				"resource, sites on (walk)" };
		List<List<Double>> results = new ArrayList<>();
		for (int v = 0; v < variants.length; v++) {
			results.add(new ArrayList<>());
		}
		long sink = 0;
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			for (int v = 0; v < variants.length; v++) {
				live.creationSites((v % 2 == 1) ? CreationSites.defaults() : null);
				int operations = (v == 3) ? OPERATIONS / 10 : OPERATIONS;
				long start = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < operations; i++) {
					if (v < 2) {
						direct.execute(work);
					}
					else {
						AsyncResource resource = new AsyncResource("BENCH", manualDestroy);
						resource.emitDestroy();
						sink += resource.asyncId();
					}
				}
				long elapsed = threads.getCurrentThreadCpuTime() - start;
				if (round >= WARMUP_ROUNDS) {
					results.get(v).add((double) elapsed / operations);
				}
			}
		}
		for (int v = 0; v < variants.length; v++) {
			List<Double> perOperation = results.get(v);
			Collections.sort(perOperation);
			System.out.printf("%-28s median %8.1f ns  min %8.1f ns%n", variants[v],
					perOperation.get(perOperation.size() / 2), perOperation.get(0));
		}
		live.hook().disable();
		System.out.println((sink + counter != 0) ? "" : " ");
	}

}
