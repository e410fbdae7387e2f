package dev.asynchooks.trace;

import dev.asynchooks.AsyncResource;

/**
 * A program run with {@code -Dasynchooks.trace.file}: one resource with one run.
 */
public final class TraceFileChild {

	private TraceFileChild() {
	}

	public static void main(String[] args) {
		AsyncResource work = new AsyncResource("CHILD_WORK");
		work.runInAsyncScope(() -> {
		});
		work.emitDestroy();
	}

}
