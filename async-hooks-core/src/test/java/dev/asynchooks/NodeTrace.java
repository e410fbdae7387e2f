package dev.asynchooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: the Java twin of {@code shared/reference/node-traces/common.js}, so that
 * a port of a Node trace can compare its output with the {@code .out} file line by line.
 * Ids are printed relative: {@code 0} and {@code 1} as they are, every other id as
 * {@code r1}, {@code r2}, ... in order of first appearance. Meant for one thread.
 */
final class NodeTrace {

	private final List<String> lines = new ArrayList<>();

	private final Map<Long, String> ids = new HashMap<>();

	private final Thread thread = Thread.currentThread();

	/**
	 * The id as the trace prints it.
	 * @param id an async id
	 * @return {@code 0}, {@code 1} or {@code rN}
	 */
	String rel(long id) {
		if (id <= 1) {
			return String.valueOf(id);
		}
		synchronized (this.ids) {
			return this.ids.computeIfAbsent(id, (key) -> "r" + (this.ids.size() + 1));
		}
	}

	void log(String line) {
		synchronized (this.lines) {
			this.lines.add(line);
		}
	}

	List<String> lines() {
		synchronized (this.lines) {
			return List.copyOf(this.lines);
		}
	}

	/**
	 * Callbacks that log like {@code tracer(name)} of {@code common.js}. Events that
	 * arrive on another thread than the one that made this trace are left out: the only
	 * ones a single-threaded port can get are destroys of resources leaked by other
	 * tests, delivered by the garbage-collection cleaner thread.
	 * @param name the prefix, or an empty string for none
	 * @return the callbacks
	 */
	HookCallbacks tracer(String name) {
		String prefix = name.isEmpty() ? "" : name + ": ";
		return new HookCallbacks() {

			private int indent;

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (ours()) {
					log(prefix + indent() + "init " + type + " " + rel(asyncId) + " trigger=" + rel(triggerAsyncId)
							+ " exec=" + rel(AsyncHooks.executionAsyncId()));
				}
			}

			@Override
			public void before(long asyncId) {
				if (ours()) {
					log(prefix + indent() + "before " + rel(asyncId));
					this.indent += 2;
				}
			}

			@Override
			public void after(long asyncId) {
				if (ours()) {
					this.indent -= 2;
					log(prefix + indent() + "after " + rel(asyncId));
				}
			}

			@Override
			public void destroy(long asyncId) {
				if (ours()) {
					log(prefix + indent() + "destroy " + rel(asyncId));
				}
			}

			@Override
			public void promiseResolve(long asyncId) {
				if (ours()) {
					log(prefix + indent() + "promiseResolve " + rel(asyncId));
				}
			}

			private String indent() {
				return " ".repeat(Math.max(0, this.indent));
			}

		};
	}

	private boolean ours() {
		return Thread.currentThread() == this.thread;
	}

}
