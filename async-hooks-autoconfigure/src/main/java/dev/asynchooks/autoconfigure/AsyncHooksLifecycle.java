package dev.asynchooks.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Enables the application's {@link AsyncHook} beans, and a hook for each of its
 * {@link HookCallbacks} beans, when the context starts, and disables them when it stops.
 * It starts in the earliest phase, so the hooks see the resources of every other
 * lifecycle bean (the web server, {@code @Scheduled} registrations). The hooks for
 * {@link HookCallbacks} beans are created once, so a context that is stopped and started
 * again enables the same hooks again, never a second one.
 *
 * @since 0.1.0
 */
public class AsyncHooksLifecycle implements SmartLifecycle {

	private final ObjectProvider<AsyncHook> hooks;

	private final ObjectProvider<HookCallbacks> callbacks;

	private final Object monitor = new Object();

	private @Nullable List<AsyncHook> resolved;

	private volatile boolean running;

	public AsyncHooksLifecycle(ObjectProvider<AsyncHook> hooks, ObjectProvider<HookCallbacks> callbacks) {
		this.hooks = hooks;
		this.callbacks = callbacks;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			hooks().forEach(AsyncHook::enable);
			this.running = true;
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			List<AsyncHook> hooks = hooks();
			for (int i = hooks.size() - 1; i >= 0; i--) {
				hooks.get(i).disable();
			}
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

	/**
	 * The hooks this lifecycle enables, in enable order: the {@link AsyncHook} beans,
	 * then the hooks of the {@link HookCallbacks} beans, each group ordered by
	 * {@link org.springframework.core.annotation.Order @Order}.
	 * @return the hooks
	 */
	public List<AsyncHook> hooks() {
		synchronized (this.monitor) {
			if (this.resolved == null) {
				List<AsyncHook> hooks = new ArrayList<>(this.hooks.orderedStream().toList());
				Set<HookCallbacks> wrapped = Collections.newSetFromMap(new IdentityHashMap<>());
				hooks.forEach((hook) -> wrapped.add(hook.callbacks()));
				// callbacks that an AsyncHook bean already wraps are not wrapped twice
				this.callbacks.orderedStream().filter(wrapped::add).map(AsyncHooks::createHook).forEach(hooks::add);
				this.resolved = List.copyOf(hooks);
			}
			return this.resolved;
		}
	}

}
