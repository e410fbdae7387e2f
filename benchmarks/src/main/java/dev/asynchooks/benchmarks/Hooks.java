package dev.asynchooks.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;

/**
 * No-op hooks that override every callback, so every event is dispatched to them.
 */
final class Hooks {

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
