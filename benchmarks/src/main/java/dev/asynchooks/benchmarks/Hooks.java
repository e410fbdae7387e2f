package dev.asynchooks.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * No-op hooks that override every callback, so every event is dispatched to them.
 */
public final class Hooks {

	private Hooks() {
	}

	static List<AsyncHook> enable(int count) {
		List<AsyncHook> hooks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			hooks.add(AsyncHooks.createHook(new NoOpCallbacks()).enable());
		}
		return hooks;
	}

	static void disable(List<AsyncHook> hooks) {
		hooks.forEach(AsyncHook::disable);
	}

	/** One no-op hook enabled for the whole trial of the benchmark that takes it. */
	@State(Scope.Benchmark)
	public static class OneHook {

		private List<AsyncHook> hooks;

		@Setup(Level.Trial)
		public void setUp() {
			this.hooks = enable(1);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			disable(this.hooks);
		}

	}

	/** Four no-op hooks enabled for the whole trial of the benchmark that takes them. */
	@State(Scope.Benchmark)
	public static class FourHooks {

		private List<AsyncHook> hooks;

		@Setup(Level.Trial)
		public void setUp() {
			this.hooks = enable(4);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			disable(this.hooks);
		}

	}

	/**
	 * One no-op hook without a {@code destroy} callback enabled for the whole trial: with
	 * no destroy hook, nothing is tracked for destroy on garbage collection.
	 */
	@State(Scope.Benchmark)
	public static class OneHookWithoutDestroy {

		private AsyncHook hook;

		@Setup(Level.Trial)
		public void setUp() {
			this.hook = AsyncHooks.createHook(new HookCallbacks() {

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

		@TearDown(Level.Trial)
		public void tearDown() {
			this.hook.disable();
		}

	}

	static final class NoOpCallbacks implements HookCallbacks {

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
		public void destroy(long asyncId) {
		}

		@Override
		public void promiseResolve(long asyncId) {
		}

	}

}
