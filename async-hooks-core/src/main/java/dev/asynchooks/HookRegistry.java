package dev.asynchooks;

import java.util.Arrays;
import java.util.List;

import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide list of enabled hooks and the dispatch of events to them.
 * <p>
 * Writers (enable/disable) copy the list under a lock and publish it through one volatile
 * field; an emit is one volatile read, an empty check and an indexed loop, with no lock,
 * iterator or allocation. Each event has its own array holding only the hooks that
 * override that callback, so a hook with only {@code init} costs nothing on
 * {@code before}.
 * <p>
 * A dispatch works on the array it read when it started: a hook enabled by a hook
 * callback misses the event in progress, a hook disabled by one still gets it, and the
 * change is visible to the next dispatch on every thread (SPEC rule 6). Events raised on
 * a thread while one of its hook callbacks runs are not delivered (SPEC rule 7), except
 * {@code destroy}: a resource ended there keeps its one destroy (SPEC rule 10), delivered
 * when the outermost dispatch on that thread finishes.
 */
final class HookRegistry {

	private static final Object lock = new Object();

	private static volatile Hooks hooks = Hooks.NONE;

	private HookRegistry() {
	}

	static boolean enable(AsyncHook hook) {
		synchronized (lock) {
			Hooks current = hooks;
			if (current.indexOf(hook) >= 0) {
				return false;
			}
			AsyncHook[] all = Arrays.copyOf(current.all, current.all.length + 1);
			all[all.length - 1] = hook;
			hooks = new Hooks(all);
			return true;
		}
	}

	static boolean disable(AsyncHook hook) {
		synchronized (lock) {
			Hooks current = hooks;
			int index = current.indexOf(hook);
			if (index < 0) {
				return false;
			}
			AsyncHook[] all = new AsyncHook[current.all.length - 1];
			System.arraycopy(current.all, 0, all, 0, index);
			System.arraycopy(current.all, index + 1, all, index, all.length - index);
			hooks = (all.length != 0) ? new Hooks(all) : Hooks.NONE;
			return true;
		}
	}

	static boolean isEnabled(AsyncHook hook) {
		return hooks.indexOf(hook) >= 0;
	}

	/**
	 * The enabled hooks in the order they are called.
	 * @return an unmodifiable snapshot
	 */
	static List<AsyncHook> enabledHooks() {
		return List.of(hooks.all);
	}

	static boolean anyEnabled() {
		return hooks.all.length != 0;
	}

	/**
	 * Whether a destroy hook is enabled: resources built now need garbage-collection
	 * tracking only then, as in Node.
	 * @return whether any enabled hook overrides {@code destroy}
	 */
	static boolean destroyHooksEnabled() {
		return hooks.destroy.length != 0;
	}

	static void emitInit(ThreadState state, long asyncId, String type, long triggerAsyncId, Object resource) {
		Hooks current = hooks;
		AsyncHook[] targets = current.init;
		if (targets.length != 0 && !state.inHookCallback()) {
			dispatch(state, current, targets, INIT, asyncId, type, triggerAsyncId, resource);
		}
	}

	static void emitBefore(ThreadState state, long asyncId) {
		Hooks current = hooks;
		AsyncHook[] targets = current.before;
		if (targets.length != 0 && !state.inHookCallback()) {
			dispatch(state, current, targets, BEFORE, asyncId, null, 0, null);
		}
	}

	static void emitAfter(ThreadState state, long asyncId) {
		Hooks current = hooks;
		AsyncHook[] targets = current.after;
		if (targets.length != 0 && !state.inHookCallback()) {
			dispatch(state, current, targets, AFTER, asyncId, null, 0, null);
		}
	}

	static void emitDestroy(ThreadState state, long asyncId) {
		// checked before the empty-list shortcut: a hook callback may have just disabled
		// the last destroy hook, and the dispatch it belongs to still owes it this
		// destroy
		if (state.inHookCallback()) {
			// ended (not started) inside a hook callback: delivered by exitDispatch
			state.deferDestroy(asyncId);
			return;
		}
		Hooks current = hooks;
		AsyncHook[] targets = current.destroy;
		if (targets.length != 0) {
			dispatch(state, current, targets, DESTROY, asyncId, null, 0, null);
		}
	}

	static void emitPromiseResolve(long asyncId) {
		Hooks current = hooks;
		AsyncHook[] targets = current.promiseResolve;
		if (targets.length == 0) {
			return;
		}
		ThreadState state = ThreadState.current();
		if (!state.inHookCallback()) {
			dispatch(state, current, targets, PROMISE_RESOLVE, asyncId, null, 0, null);
		}
	}

	private static final int INIT = 0;

	private static final int BEFORE = 1;

	private static final int AFTER = 2;

	private static final int DESTROY = 3;

	private static final int PROMISE_RESOLVE = 4;

	private static final String[] EVENT_NAMES = { "init", "before", "after", "destroy", "promiseResolve" };

	// one loop for every event: a switch per call costs less than a lambda per emit
	private static void dispatch(ThreadState state, Hooks current, AsyncHook[] targets, int event, long asyncId,
			@Nullable String type, long triggerAsyncId, @Nullable Object resource) {
		state.enterHookCallback();
		try {
			call(targets, event, asyncId, type, triggerAsyncId, resource);
		}
		finally {
			exitDispatch(state, current.destroy);
		}
	}

	private static void call(AsyncHook[] targets, int event, long asyncId, @Nullable String type, long triggerAsyncId,
			@Nullable Object resource) {
		for (AsyncHook hook : targets) {
			try {
				HookCallbacks callbacks = hook.callbacks();
				switch (event) {
					case INIT -> callbacks.init(asyncId, type, triggerAsyncId, resource);
					case BEFORE -> callbacks.before(asyncId);
					case AFTER -> callbacks.after(asyncId);
					case DESTROY -> callbacks.destroy(asyncId);
					default -> callbacks.promiseResolve(asyncId);
				}
			}
			catch (Throwable ex) {
				HookErrors.handle(hook, EVENT_NAMES[event], asyncId, ex);
			}
		}
	}

	/**
	 * Leave a hook dispatch; when it was the outermost one on this thread, deliver the
	 * destroys raised during it, in order, including those their callbacks raise, to the
	 * hooks that were enabled when it began (SPEC rule 6).
	 * @param state the thread's state
	 * @param targets the destroy hooks of the generation the dispatch began with
	 */
	private static void exitDispatch(ThreadState state, AsyncHook[] targets) {
		state.exitHookCallback();
		if (state.inHookCallback() || !state.hasDeferredDestroys()) {
			return;
		}
		state.enterHookCallback();
		try {
			long asyncId;
			while ((asyncId = state.pollDeferredDestroy()) != 0) {
				call(targets, DESTROY, asyncId, null, 0, null);
			}
		}
		finally {
			state.exitHookCallback();
		}
	}

	/** One immutable generation of the hook list, split by event. */
	private static final class Hooks {

		static final Hooks NONE = new Hooks(new AsyncHook[0]);

		final AsyncHook[] all;

		final AsyncHook[] init;

		final AsyncHook[] before;

		final AsyncHook[] after;

		final AsyncHook[] destroy;

		final AsyncHook[] promiseResolve;

		Hooks(AsyncHook[] all) {
			this.all = all;
			this.init = select(all, "init", long.class, String.class, long.class, Object.class);
			this.before = select(all, "before", long.class);
			this.after = select(all, "after", long.class);
			this.destroy = select(all, "destroy", long.class);
			this.promiseResolve = select(all, "promiseResolve", long.class);
		}

		int indexOf(AsyncHook hook) {
			for (int i = 0; i < this.all.length; i++) {
				if (this.all[i] == hook) {
					return i;
				}
			}
			return -1;
		}

		private static AsyncHook[] select(AsyncHook[] all, String name, Class<?>... parameterTypes) {
			return Arrays.stream(all)
				.filter((hook) -> overrides(hook.callbacks().getClass(), name, parameterTypes))
				.toArray(AsyncHook[]::new);
		}

		private static boolean overrides(Class<?> type, String name, Class<?>... parameterTypes) {
			try {
				return type.getMethod(name, parameterTypes).getDeclaringClass() != HookCallbacks.class;
			}
			catch (NoSuchMethodException | SecurityException ex) {
				return true;
			}
		}

	}

	static {
		if (System.getProperty("asynchooks.trace.file") != null) {
			startTraceFile();
		}
	}

	/**
	 * Starts the recording of {@code -Dasynchooks.trace.file} as the engine is loaded,
	 * before any event. The recorder is reached by name: the trace package is built on
	 * the public API, which is built on this class, and must not become a dependency of
	 * it.
	 */
	private static void startTraceFile() {
		try {
			java.lang.reflect.Method start = Class.forName("dev.asynchooks.trace.TraceFile")
				.getDeclaredMethod("startIfRequested");
			start.setAccessible(true);
			start.invoke(null);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			System.getLogger("dev.asynchooks")
				.log(System.Logger.Level.ERROR, "No trace is recorded for -Dasynchooks.trace.file", ex);
		}
	}

}
