package dev.asynchooks.autoconfigure.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import org.slf4j.MDC;

/**
 * A probe run on every thread of a pool after the load: no frame and no
 * {@code AsyncLocalStorage} store may be left on a pooled thread between tasks.
 * <p>
 * The probes of one round wait for each other at a barrier, so each holds its thread and
 * together they cover the pool; rounds repeat while the pool's size changed under them. A
 * pool that runs its tasks as they are (Tomcat's workers, Netty's event loops) is probed
 * raw: the probe must find the root context ({@code executionAsyncId() == 1},
 * {@code triggerAsyncId() == 0}), no store, no MDC id and no frame the ledger saw
 * entered. A pool that the starter decorates makes each probe a resource: the probe must
 * find itself, triggered by the root (the test thread), no store, and exactly one frame
 * entered on the thread (its own), so a frame left behind by an earlier task still shows.
 *
 * @author async-hooks
 */
final class PoolProbe {

	private static final long WAIT_SECONDS = 30;

	private static final int MAX_ROUNDS = 5;

	private final ChaosLedger ledger;

	private final List<AsyncLocalStorage<?>> stores;

	private final List<String> dirty = new ArrayList<>();

	private final List<String> probed = new ArrayList<>();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	PoolProbe(ChaosLedger ledger, List<AsyncLocalStorage<?>> stores) {
		this.ledger = ledger;
		this.stores = stores;
	}

	/**
	 * Probe every thread of a pool.
	 * @param pool the pool's name, for messages
	 * @param submit runs a task on the pool
	 * @param size the pool's number of threads now
	 * @param tracked whether the pool makes each task a resource
	 */
	void probe(String pool, Consumer<Runnable> submit, IntSupplier size, boolean tracked) throws Exception {
		Set<Thread> covered = ConcurrentHashMap.newKeySet();
		for (int round = 0; round < MAX_ROUNDS; round++) {
			int threads = size.getAsInt();
			if (threads == 0) {
				this.probed.add(pool + ": no thread");
				return;
			}
			CyclicBarrier together = new CyclicBarrier(threads);
			CountDownLatch done = new CountDownLatch(threads);
			ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
			Set<Thread> roundThreads = ConcurrentHashMap.newKeySet();
			for (int i = 0; i < threads; i++) {
				submit.accept(() -> {
					try {
						together.await(WAIT_SECONDS, TimeUnit.SECONDS);
						roundThreads.add(Thread.currentThread());
						String context = describeContext();
						boolean clean = tracked ? isCleanTracked() : isCleanRaw();
						if (!clean) {
							found.add(pool + " " + Thread.currentThread().getName() + ": " + context);
						}
					}
					catch (Exception ex) {
						found.add(pool + " " + Thread.currentThread().getName() + ": " + ex);
					}
					finally {
						done.countDown();
					}
				});
			}
			if (!done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
				this.dirty.add(pool + ": the probes did not all run within " + WAIT_SECONDS + " s");
				return;
			}
			this.dirty.addAll(found);
			covered.addAll(roundThreads);
			this.threads.addAll(roundThreads);
			if (roundThreads.size() == threads && size.getAsInt() == threads) {
				this.probed.add(pool + ": " + threads + " threads");
				return;
			}
		}
		this.dirty.add(pool + ": its size kept changing; probed " + covered.size() + " threads");
	}

	/**
	 * Check that every live thread whose name starts with a prefix was probed: a pool
	 * probed through an API that may not reach all its threads.
	 * @param prefix the names' prefix
	 */
	void checkCovered(String prefix) {
		Set<String> missed = new TreeSet<>();
		int named = 0;
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith(prefix)) {
				named++;
				if (!this.threads.contains(thread)) {
					missed.add(thread.getName());
				}
			}
		}
		if (named == 0) {
			this.dirty.add("no thread named " + prefix + "*: the pool's threads are named otherwise");
		}
		if (!missed.isEmpty()) {
			this.dirty.add("threads named " + prefix + "* not probed: " + missed);
		}
	}

	private boolean isCleanRaw() {
		return AsyncHooks.executionAsyncId() == 1 && AsyncHooks.triggerAsyncId() == 0 && noStore()
				&& this.ledger.depth() == 0 && MDC.get("asyncId") == null;
	}

	private boolean isCleanTracked() {
		return AsyncHooks.executionAsyncId() > 1 && AsyncHooks.triggerAsyncId() == 1 && noStore()
				&& this.ledger.depth() == 1;
	}

	private boolean noStore() {
		return this.stores.stream().allMatch((store) -> store.getStore() == null);
	}

	private String describeContext() {
		StringBuilder text = new StringBuilder().append("executionAsyncId=")
			.append(AsyncHooks.executionAsyncId())
			.append(" triggerAsyncId=")
			.append(AsyncHooks.triggerAsyncId())
			.append(" frames=")
			.append(this.ledger.depth())
			.append(" mdc=")
			.append(MDC.get("asyncId"));
		for (AsyncLocalStorage<?> store : this.stores) {
			text.append(' ').append(store.name()).append('=').append(store.getStore());
		}
		return text.toString();
	}

	/**
	 * The probes that found something left behind, and the pools that could not be
	 * covered.
	 * @return one line each
	 */
	List<String> dirty() {
		return this.dirty;
	}

	/**
	 * The pools probed.
	 * @return one line each, with its number of threads
	 */
	List<String> probed() {
		return this.probed;
	}

}
