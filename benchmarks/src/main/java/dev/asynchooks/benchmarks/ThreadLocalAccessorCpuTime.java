package dev.asynchooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.concurrent.AsyncExecutors;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * The variants of {@link ThreadLocalAccessorBenchmark} timed in the CPU time of the
 * measuring thread, for a machine shared with other work (see
 * {@link FutureChainCpuTime}). One JVM per variant; run them in turn, several times:
 *
 * <pre>
 * for i in 1 2 3; do for v in raw oursOneAccessor micrometerContextExecutorService \
 *     springContextPropagatingTaskDecorator oursNoAccessor oursPropagationOff; do
 *   java -cp benchmarks/target/benchmarks.jar dev.asynchooks.benchmarks.ThreadLocalAccessorCpuTime $v
 * done; done
 * </pre>
 *
 * Each prints the variant, then the median and the minimum of 8 rounds of 2,000,000 tasks
 * (after 6 rounds of warm-up), in nanoseconds of CPU time per task.
 */
public final class ThreadLocalAccessorCpuTime {

	private static final int TASKS = 2_000_000;

	private static final int WARMUP_ROUNDS = 6;

	private static final int ROUNDS = 8;

	private static final ThreadLocal<String> value = new ThreadLocal<>();

	private static long counter;

	private ThreadLocalAccessorCpuTime() {
	}

	public static void main(String[] args) {
		String variant = (args.length > 0) ? args[0] : "raw";
		Runnable task = () -> counter++;
		Executor inline = Runnable::run;
		if (variant.equals("oursOneAccessor") || variant.equals("micrometerContextExecutorService")
				|| variant.equals("springContextPropagatingTaskDecorator")) {
			ContextRegistry.getInstance().registerThreadLocalAccessor("value", value);
			value.set("value");
		}
		if (variant.equals("oursPropagationOff")) {
			AsyncHooks.setPropagateThreadLocalAccessors(false);
		}
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
		Executor executor = switch (variant) {
			case "raw" -> inline;
			case "oursOneAccessor", "oursNoAccessor", "oursPropagationOff" -> AsyncExecutors.wrap(inline);
			case "micrometerContextExecutorService" -> {
				ExecutorService wrapped = ContextExecutorService
					.wrap(new TaskLifecycleBenchmark.InlineExecutorService(), snapshots::captureAll);
				yield wrapped;
			}
			case "springContextPropagatingTaskDecorator" -> {
				ContextPropagatingTaskDecorator decorator = new ContextPropagatingTaskDecorator(snapshots);
				yield (command) -> decorator.decorate(command).run();
			}
			default -> throw new IllegalArgumentException("Unknown variant " + variant);
		};
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		List<Double> perTask = new ArrayList<>();
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			long start = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < TASKS; i++) {
				executor.execute(task);
			}
			long end = threads.getCurrentThreadCpuTime();
			if (round >= WARMUP_ROUNDS) {
				perTask.add((end - start) / (double) TASKS);
			}
		}
		Collections.sort(perTask);
		System.out.printf("%s %.1f %.1f%n", variant, perTask.get(perTask.size() / 2), perTask.get(0));
		if (counter == 42) {
			System.out.println();
		}
	}

}
