package dev.asynchooks.live;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * One thread's counts of one type: written by that thread only, with release stores
 * (plain stores on x86; no atomic read-modify-write anywhere), read by others with
 * acquire loads.
 */
final class ThreadCounts {

	private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);

	private final long[] values = new long[TypeCounts.FIELDS];

	// weak: the registry does not keep a thread that has ended
	private final WeakReference<Thread> thread;

	ThreadCounts(Thread thread) {
		this.thread = new WeakReference<>(thread);
	}

	void increment(int field) {
		add(field, 1);
	}

	void add(int field, long delta) {
		// the only writer reads its own last write
		VALUES.setRelease(this.values, field, this.values[field] + delta);
	}

	long get(int field) {
		return (long) VALUES.getAcquire(this.values, field);
	}

	// ended: its counts are final, and visible here once isAlive() is false
	boolean isGone() {
		Thread thread = this.thread.get();
		return thread == null || !thread.isAlive();
	}

}
