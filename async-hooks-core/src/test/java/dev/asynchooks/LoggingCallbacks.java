package dev.asynchooks;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Test support: callbacks that log {@code "<name> <event> <asyncId>"} to a list shared by
 * several hooks, so a test can assert the order across hooks, and that can run an action
 * in {@code init}, {@code before} and {@code after} (to enable or disable hooks there).
 * Only events on the thread that made it are logged: in a single-threaded test the others
 * can only be destroys of resources leaked by other tests, delivered by the
 * garbage-collection cleaner thread.
 */
final class LoggingCallbacks implements HookCallbacks {

	final AsyncHook hook = AsyncHooks.createHook(this);

	LongConsumer onInit = (asyncId) -> {
	};

	LongConsumer onBefore = (asyncId) -> {
	};

	LongConsumer onAfter = (asyncId) -> {
	};

	private final String name;

	private final List<String> log;

	private final Thread thread = Thread.currentThread();

	LoggingCallbacks(String name, List<String> log) {
		this.name = name;
		this.log = log;
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		if (log("init", asyncId)) {
			this.onInit.accept(asyncId);
		}
	}

	@Override
	public void before(long asyncId) {
		if (log("before", asyncId)) {
			this.onBefore.accept(asyncId);
		}
	}

	@Override
	public void after(long asyncId) {
		if (log("after", asyncId)) {
			this.onAfter.accept(asyncId);
		}
	}

	@Override
	public void destroy(long asyncId) {
		log("destroy", asyncId);
	}

	private boolean log(String event, long asyncId) {
		if (Thread.currentThread() != this.thread) {
			return false;
		}
		this.log.add(this.name + " " + event + " " + asyncId);
		return true;
	}

}
