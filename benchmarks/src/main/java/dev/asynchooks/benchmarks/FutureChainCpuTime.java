package dev.asynchooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.concurrent.TrackedCompletableFuture;

/**
 * The chain of {@link FutureChainBenchmark} timed in the CPU time of the measuring thread
 * instead of wall-clock time: on a machine shared with other work (this project's CI VM
 * with five builds at once) a thread waiting for a core inflates JMH's scores by up to
 * 10× from one iteration to the next, while its CPU time stays put. What this does not
 * see is the collector's own threads: read GC time from {@code FutureChainBenchmark} with
 * {@code -prof gc}. One JVM per variant, the hook enabled for its whole life as in JMH;
 * run the variants in turn, several times:
 *
 * <pre>
 * for i in 1 2; do for v in raw trackedNoHook trackedOneHook trackedOneHookWithoutDestroy; do
 *   java -cp benchmarks/target/benchmarks.jar dev.asynchooks.benchmarks.FutureChainCpuTime $v
 * done; done
 * </pre>
 *
 * Each prints the variant, then the median and the minimum of 8 rounds of 100,000 chains
 * (after 6 rounds of warm-up), in nanoseconds of CPU time per chain.
 */
public final class FutureChainCpuTime {

	private static final int STAGES = 10;

	private static final int CHAINS = 100_000;

	private static final int WARMUP_ROUNDS = 6;

	private static final int ROUNDS = 8;

	private FutureChainCpuTime() {
	}

	public static void main(String[] args) {
		String variant = (args.length > 0) ? args[0] : "raw";
		switch (variant) {
			case "raw", "trackedNoHook" -> {
			}
			case "trackedOneHook" -> AsyncHooks.createHook(new Hooks.NoOpCallbacks()).enable();
			case "trackedOneHookWithoutDestroy" -> AsyncHooks.createHook(new HookCallbacks() {

				@Override
				public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				}

				@Override
				public void before(long asyncId) {
				}

				@Override
				public void after(long asyncId) {
				}

				@Override
				public void promiseResolve(long asyncId) {
				}

			}).enable();
			default -> throw new IllegalArgumentException("Unknown variant " + variant);
		}
		boolean raw = variant.equals("raw");
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		List<Double> perChain = new ArrayList<>();
		long sink = 0;
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			long start = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < CHAINS; i++) {
				sink += raw ? raw() : tracked();
			}
			long end = threads.getCurrentThreadCpuTime();
			if (round >= WARMUP_ROUNDS) {
				perChain.add((end - start) / (double) CHAINS);
			}
		}
		Collections.sort(perChain);
		System.out.printf("%s %.1f %.1f%n", variant, perChain.get(perChain.size() / 2), perChain.get(0));
		if (sink == 42) {
			System.out.println();
		}
	}

	private static int raw() {
		CompletableFuture<Integer> source = new CompletableFuture<>();
		CompletableFuture<Integer> stage = source;
		for (int i = 0; i < STAGES; i++) {
			stage = stage.thenApply((value) -> value + 1);
		}
		source.complete(0);
		return stage.join();
	}

	private static int tracked() {
		TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
		CompletableFuture<Integer> stage = source;
		for (int i = 0; i < STAGES; i++) {
			stage = stage.thenApply((value) -> value + 1);
		}
		source.complete(0);
		return stage.join();
	}

}
