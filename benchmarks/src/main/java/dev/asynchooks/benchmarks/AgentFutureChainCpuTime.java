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
 * The chain of {@link AgentFutureChainBenchmark} in the CPU time of the measuring thread
 * (see {@link FutureChainCpuTime} for why), one JVM per variant: {@code plain} chains of
 * {@code CompletableFuture} or {@code tracked} chains of
 * {@code TrackedCompletableFuture}, with no hook, {@code OneHook} or
 * {@code OneHookWithoutDestroy}. Run the plain variants with and without the agent:
 *
 * <pre>
 * java -javaagent:async-hooks-agent/target/async-hooks-agent-0.1.0-SNAPSHOT.jar \
 *   -cp benchmarks/target/benchmarks.jar dev.asynchooks.benchmarks.AgentFutureChainCpuTime plainOneHook
 * </pre>
 *
 * Prints the variant, whether the agent is on, then the median and the minimum of 8
 * rounds of 100,000 chains (after 6 rounds of warm-up), in nanoseconds of CPU time per
 * chain.
 */
public final class AgentFutureChainCpuTime {

	private static final int STAGES = 10;

	private static final int CHAINS = 100_000;

	private static final int WARMUP_ROUNDS = 6;

	private static final int ROUNDS = 8;

	private AgentFutureChainCpuTime() {
	}

	public static void main(String[] args) {
		String variant = (args.length > 0) ? args[0] : "plain";
		boolean plain = variant.startsWith("plain");
		if (variant.endsWith("OneHook")) {
			AsyncHooks.createHook(new Hooks.NoOpCallbacks()).enable();
		}
		else if (variant.endsWith("OneHookWithoutDestroy")) {
			AsyncHooks.createHook(new HookCallbacks() {

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
		}
		else if (!variant.equals("plain") && !variant.equals("tracked")) {
			throw new IllegalArgumentException("Unknown variant " + variant);
		}
		boolean agent = AsyncHooks.class.getClassLoader() == null;
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		List<Double> perChain = new ArrayList<>();
		long sink = 0;
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			long start = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < CHAINS; i++) {
				sink += plain ? plain() : tracked();
			}
			long end = threads.getCurrentThreadCpuTime();
			if (round >= WARMUP_ROUNDS) {
				perChain.add((end - start) / (double) CHAINS);
			}
		}
		Collections.sort(perChain);
		System.out.printf("%s agent=%s %.1f %.1f%n", variant, agent, perChain.get(perChain.size() / 2),
				perChain.get(0));
		if (sink == 42) {
			System.out.println();
		}
	}

	private static int plain() {
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
