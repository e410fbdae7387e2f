package dev.asynchooks.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.asynchooks.CleanEngine;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak run of issue 8: the stress workload of {@link StressRun}, round after round,
 * for a fixed time, sampling every few seconds the heap after garbage collection and the
 * number of live resources; it fails if either trends upward over the second half of the
 * run (the first half is warm-up: class loading, JIT, pools reaching their size).
 * <p>
 * Tagged {@code soak}, which the default build leaves out. Ten minutes:
 * {@code mvn -B -pl async-hooks-core test -Psoak -Dasynchooks.soak.duration=PT10M}; the
 * default duration is 20 seconds.
 */
@Tag("soak")
@ExtendWith(CleanEngine.class)
class SoakTests {

	static final String DURATION_PROPERTY = "asynchooks.soak.duration";

	// growth allowed over the second half of the run, by the least-squares line: a few
	// times the spread of heap samples after full GC (about 1.5 MB here); a leak of one
	// small object per operation, at about 10,000 operations a second, grows the heap by
	// more than this within a minute
	private static final long MAX_HEAP_GROWTH_BYTES = 4L << 20;

	// every resource is destroyed at each sample point, so any growth is a leak
	private static final double MAX_LIVE_GROWTH = 10;

	private static final int ROUND = 5_000;

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	@Test
	void heapAfterGarbageCollectionAndLiveResourcesDoNotTrendUpward() throws Exception {
		Duration duration = Duration.parse(System.getProperty(DURATION_PROPERTY, "PT20S"));
		long interval = Math.max(1_000, duration.toMillis() / 40);
		List<Sample> samples = new ArrayList<>();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		try (StressRun run = new StressRun(StressRun.VirtualThreads.available())) {
			long nextSample = start;
			for (long round = 0; System.nanoTime() < deadline; round++) {
				run.round(ROUND, round);
				if (System.nanoTime() >= nextSample) {
					samples.add(sample(run, (System.nanoTime() - start) / 1e9));
					nextSample += interval * 1_000_000;
				}
			}
			samples.add(sample(run, (System.nanoTime() - start) / 1e9));
			run.assertHeld();
			System.out.printf("soak %s: %s%n", duration, run.figures());
		}
		List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
		double seconds = secondHalf.get(secondHalf.size() - 1).seconds() - secondHalf.get(0).seconds();
		double heapSlope = slope(secondHalf, Sample::heapBytes);
		double liveSlope = slope(secondHalf, Sample::live);
		System.out.printf("soak samples (seconds, heap MB after GC, live resources): %s%n", samples);
		System.out.printf(
				"soak second half: %d samples over %.0f s, heap slope %.1f KB/min (growth %.2f MB), live slope %.3f/min%n",
				secondHalf.size(), seconds, heapSlope * 60 / 1024, heapSlope * seconds / (1 << 20), liveSlope * 60);
		assertThat(secondHalf).as("samples in the second half").hasSizeGreaterThanOrEqualTo(4);
		assertThat(heapSlope * seconds).as("heap growth over the second half (bytes)")
			.isLessThanOrEqualTo(MAX_HEAP_GROWTH_BYTES);
		assertThat(liveSlope * seconds).as("live resource growth over the second half")
			.isLessThanOrEqualTo(MAX_LIVE_GROWTH);
	}

	/**
	 * Between rounds, when every task has ended: the heap used after full GC (the lowest
	 * of three), and the live resources once the cleaner has had a chance to destroy the
	 * promises that GC found unreachable.
	 */
	private Sample sample(StressRun run, double seconds) {
		long heap = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			heap = Math.min(heap, this.memory.getHeapMemoryUsage().getUsed());
		}
		try {
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> run.ledger().liveCount() == 0);
		}
		catch (ConditionTimeoutException ex) {
			// sampled as it is: a count that stays above zero and grows fails the run
		}
		return new Sample(seconds, heap, run.ledger().liveCount());
	}

	static double slope(List<Sample> samples, ToDoubleFunction<Sample> value) {
		double n = samples.size();
		double meanX = samples.stream().mapToDouble(Sample::seconds).sum() / n;
		double meanY = samples.stream().mapToDouble(value).sum() / n;
		double covariance = 0;
		double variance = 0;
		for (Sample sample : samples) {
			covariance += (sample.seconds() - meanX) * (value.applyAsDouble(sample) - meanY);
			variance += (sample.seconds() - meanX) * (sample.seconds() - meanX);
		}
		return (variance != 0) ? covariance / variance : 0;
	}

	record Sample(double seconds, long heapBytes, long live) {

		@Override
		public String toString() {
			return String.format("(%.0f, %.2f, %d)", this.seconds, this.heapBytes / 1048576.0, this.live);
		}

	}

}
