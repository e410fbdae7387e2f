package dev.asynchooks.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A chain of ten {@code thenApply} stages on an incomplete future, then completed and
 * joined: plain {@link CompletableFuture} against {@link TrackedCompletableFuture} with
 * no hook and with one no-op hook (PROMISE init, before, promiseResolve, after per
 * stage).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FutureChainBenchmark {

	private static final int STAGES = 10;

	@Benchmark
	public int raw() {
		CompletableFuture<Integer> source = new CompletableFuture<>();
		CompletableFuture<Integer> stage = source;
		for (int i = 0; i < STAGES; i++) {
			stage = stage.thenApply((value) -> value + 1);
		}
		source.complete(0);
		return stage.join();
	}

	@Benchmark
	public int trackedNoHook() {
		return tracked();
	}

	@Benchmark
	public int trackedOneHook(Hooks.OneHook hook) {
		return tracked();
	}

	@Benchmark
	public int trackedOneHookWithoutDestroy(Hooks.OneHookWithoutDestroy hook) {
		return tracked();
	}

	private int tracked() {
		TrackedCompletableFuture<Integer> source = new TrackedCompletableFuture<>();
		CompletableFuture<Integer> stage = source;
		for (int i = 0; i < STAGES; i++) {
			stage = stage.thenApply((value) -> value + 1);
		}
		source.complete(0);
		return stage.join();
	}

}
