package dev.asynchooks.reliability;

import java.util.Map;

import dev.asynchooks.CleanEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stress suite of issue 8: operations on plain, scheduled and virtual-thread
 * executors and {@code TrackedCompletableFuture} chains, with cancel, rejection,
 * exceptions, {@code shutdownNow} and timeouts injected while hooks are enabled and
 * disabled concurrently and stores are set (see {@link StressRun}). At the end, for the
 * hook enabled throughout ({@link LifecycleLedger}): every {@code init} had exactly one
 * {@code destroy}, {@code before}/{@code after} were balanced and nested per thread,
 * every operation made a resource and its work ran or was destroyed unrun; and no frame
 * or store is left on any pooled thread (a probe on each).
 * <p>
 * The number of operations is the system property {@value #TASKS_PROPERTY}; the default
 * is sized for CI (well under a minute on two cores). Full size:
 * {@code mvn -B -pl async-hooks-core test -Dtest='LifecycleStressTests' -Dasynchooks.stress.tasks=10000000}.
 */
@ExtendWith(CleanEngine.class)
class LifecycleStressTests {

	static final String TASKS_PROPERTY = "asynchooks.stress.tasks";

	private static final int CI_TASKS = 200_000;

	private static final int ROUND = 20_000;

	@Test
	void everyRuleHoldsUnderInjectedFaultsOnPlainAndScheduledExecutorsAndFutureChains() throws Exception {
		stress(false);
	}

	// run by .ci/run on a JDK 21+ (-Dgroups=virtual-threads); skipped on 17
	@Test
	@Tag("virtual-threads")
	void everyRuleHoldsUnderInjectedFaultsWithVirtualThreadExecutorsToo() throws Exception {
		Assumptions.assumeTrue(StressRun.VirtualThreads.available(), "virtual threads need JDK 21+");
		stress(true);
	}

	private void stress(boolean virtualThreads) throws Exception {
		long tasks = Long.getLong(TASKS_PROPERTY, CI_TASKS);
		long started = System.nanoTime();
		Map<String, Long> figures;
		try (StressRun run = new StressRun(virtualThreads)) {
			long done = 0;
			for (long round = 0; done < tasks; round++) {
				int count = (int) Math.min(ROUND, tasks - done);
				run.round(count, round);
				done += count;
			}
			run.assertHeld();
			figures = run.figures();
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("stress (virtual threads: %s): %s in %d ms, %.0f operations/s, heap used %d MB%n",
				virtualThreads, figures, millis, figures.get("operations") * 1000.0 / Math.max(1, millis),
				usedHeapMegabytes());
		assertThat(figures.get("operations"))
			.isGreaterThanOrEqualTo(tasks / StressRun.SUBMITTERS * StressRun.SUBMITTERS);
		// every fault was injected at least once
		assertThat(figures).allSatisfy((name, value) -> assertThat(value).as(name).isPositive());
	}

	static long usedHeapMegabytes() {
		Runtime runtime = Runtime.getRuntime();
		return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
	}

}
