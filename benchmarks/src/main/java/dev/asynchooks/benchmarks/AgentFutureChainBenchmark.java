package dev.asynchooks.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A chain of ten {@code thenApply} stages on an incomplete future, then completed and
 * joined: plain {@link CompletableFuture} under the {@code -javaagent} (every future a
 * {@code PROMISE}) against the same chain without the agent and against
 * {@link TrackedCompletableFuture} without the agent, all in one run. The agent's forks
 * load {@code async-hooks-agent/target/async-hooks-agent-0.1.0-SNAPSHOT.jar}: run from
 * the repository root after {@code mvn package}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AgentFutureChainBenchmark {

	static final String AGENT = "-javaagent:async-hooks-agent/target/async-hooks-agent-0.1.0-SNAPSHOT.jar";

	private static final int STAGES = 10;

	@Benchmark
	public int raw() {
		return plain();
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

	@Benchmark
	@Fork(value = 1, jvmArgsAppend = AGENT)
	public int agentNoHook(Agent agent) {
		return plain();
	}

	@Benchmark
	@Fork(value = 1, jvmArgsAppend = AGENT)
	public int agentOneHook(Agent agent, Hooks.OneHook hook) {
		return plain();
	}

	@Benchmark
	@Fork(value = 1, jvmArgsAppend = AGENT)
	public int agentOneHookWithoutDestroy(Agent agent, Hooks.OneHookWithoutDestroy hook) {
		return plain();
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

	/**
	 * Fails the trial when the fork runs without the agent (its engine is then not the
	 * bootstrap copy).
	 */
	@State(Scope.Benchmark)
	public static class Agent {

		@Setup(Level.Trial)
		public void checkAgent() {
			if (AsyncHooks.class.getClassLoader() != null) {
				throw new IllegalStateException("Not running under the agent: " + AGENT);
			}
		}

	}

}
