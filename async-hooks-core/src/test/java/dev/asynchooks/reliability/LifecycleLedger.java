package dev.asynchooks.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.HookCallbacks;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support for runs of millions of tasks: a hook, enabled for the whole run, that
 * checks the lifecycle rules as events arrive and keeps only the resources alive now, so
 * its memory does not grow with the number of tasks.
 * <p>
 * Each operation of a run (a submit, a schedule, a future chain) is done inside
 * {@code OPERATION.run(operation, ...)}: the {@code init} callback reads the store, which
 * is the creator's, and so links every resource to the operation that made it. An
 * operation is settled when its submitter has closed it and every resource it made is
 * destroyed; then it must have made at least one resource (the work was not lost on the
 * way to an executor). The function of the operation counts its runs with
 * {@link Operation#ran()}, which also checks that it runs inside a resource with the
 * operation's store. Checked rules: one {@code init} and one {@code destroy} per id,
 * {@code before}/{@code after} only between them, on one thread, properly nested per
 * thread, and no {@code destroy} between a {@code before} and its {@code after}.
 */
public final class LifecycleLedger implements HookCallbacks {

	static final AsyncLocalStorage<Operation> OPERATION = new AsyncLocalStorage<>("stress-operation", null);

	private static final int MAX_VIOLATIONS = 50;

	private final ConcurrentHashMap<Long, Entry> live = new ConcurrentHashMap<>();

	private final Set<Operation> unsettled = ConcurrentHashMap.newKeySet();

	private final Queue<String> violations = new ConcurrentLinkedQueue<>();

	private final AtomicInteger violationCount = new AtomicInteger();

	private final LongAdder inits = new LongAdder();

	private final LongAdder runs = new LongAdder();

	private final LongAdder destroys = new LongAdder();

	private final LongAdder destroyedUnrun = new LongAdder();

	private final LongAdder openFrames = new LongAdder();

	private final LongAdder operationsSettled = new LongAdder();

	private final ThreadLocal<long[]> stack = ThreadLocal.withInitial(() -> new long[17]);

	private final AsyncHook hook = AsyncHooks.createHook(this);

	public LifecycleLedger enable() {
		this.hook.enable();
		return this;
	}

	public void disable() {
		this.hook.disable();
	}

	/**
	 * Start an operation; run its submission inside {@code OPERATION.run(operation, …)}
	 * and {@link Operation#close() close} it when the submission call has returned.
	 * @return the operation
	 */
	Operation open() {
		Operation operation = new Operation();
		this.unsettled.add(operation);
		return operation;
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		Operation operation = OPERATION.getStore();
		Entry entry = new Entry(type, operation);
		if (this.live.putIfAbsent(asyncId, entry) != null) {
			violation("second init of " + asyncId + " " + type);
			return;
		}
		this.inits.increment();
		if (operation != null) {
			operation.resources.incrementAndGet();
			operation.live.incrementAndGet();
		}
	}

	@Override
	public void before(long asyncId) {
		Entry entry = this.live.get(asyncId);
		if (entry == null) {
			violation("before without init, or after destroy: " + asyncId);
		}
		else {
			synchronized (entry) {
				if (entry.runningOn != null) {
					violation("before of " + asyncId + " on " + Thread.currentThread() + " while it runs on "
							+ entry.runningOn);
				}
				entry.runningOn = Thread.currentThread();
				entry.runs++;
			}
		}
		if (AsyncHooks.executionAsyncId() != asyncId) {
			violation("executionAsyncId() in before of " + asyncId + " was " + AsyncHooks.executionAsyncId());
		}
		long[] stack = this.stack.get();
		int depth = (int) stack[0];
		if (depth + 1 == stack.length) {
			stack = Arrays.copyOf(stack, stack.length * 2);
			this.stack.set(stack);
		}
		stack[depth + 1] = asyncId;
		stack[0] = depth + 1;
		this.openFrames.increment();
		this.runs.increment();
	}

	@Override
	public void after(long asyncId) {
		long[] stack = this.stack.get();
		int depth = (int) stack[0];
		if (depth == 0 || stack[depth] != asyncId) {
			violation("after " + asyncId + " on " + Thread.currentThread().getName() + " but the innermost frame was "
					+ ((depth != 0) ? stack[depth] : "none"));
		}
		else {
			stack[0] = depth - 1;
			this.openFrames.decrement();
		}
		Entry entry = this.live.get(asyncId);
		if (entry != null) {
			synchronized (entry) {
				if (entry.runningOn != Thread.currentThread()) {
					violation("after of " + asyncId + " on another thread than its before");
				}
				entry.runningOn = null;
			}
		}
	}

	@Override
	public void destroy(long asyncId) {
		Entry entry = this.live.remove(asyncId);
		if (entry == null) {
			// a resource of an earlier test, garbage-collected now: a hook enabled after
			// a resource's init still gets its destroy (Node R15)
			if (!Thread.currentThread().getName().equals("asynchooks-cleaner")) {
				violation("destroy without init, or a second destroy: " + asyncId);
			}
			return;
		}
		this.destroys.increment();
		synchronized (entry) {
			if (entry.runningOn != null) {
				violation("destroy of " + asyncId + " between before and after");
			}
			if (entry.runs == 0) {
				this.destroyedUnrun.increment();
			}
		}
		Operation operation = entry.operation;
		if (operation != null && operation.live.decrementAndGet() == 0 && operation.closed) {
			settle(operation);
		}
	}

	private void settle(Operation operation) {
		if (this.unsettled.remove(operation)) {
			this.operationsSettled.increment();
			if (operation.resources.get() == 0) {
				violation("an operation made no resource: its work was lost on the way to the executor");
			}
		}
	}

	void violation(String text) {
		if (this.violationCount.incrementAndGet() <= MAX_VIOLATIONS) {
			this.violations.add(text);
		}
	}

	public long inits() {
		return this.inits.sum();
	}

	public long runs() {
		return this.runs.sum();
	}

	long destroys() {
		return this.destroys.sum();
	}

	long destroyedUnrun() {
		return this.destroyedUnrun.sum();
	}

	long operationsSettled() {
		return this.operationsSettled.sum();
	}

	/**
	 * The resources with an {@code init} and no {@code destroy} yet.
	 * @return their number
	 */
	int liveCount() {
		return this.live.size();
	}

	/**
	 * The resources still live, for a failure message.
	 * @return up to 20 of them
	 */
	List<String> liveSample() {
		List<String> sample = new ArrayList<>();
		this.live.forEach((id, entry) -> {
			if (sample.size() < 20) {
				sample.add(entry.type + "(" + id + ") runs=" + entry.runs);
			}
		});
		return sample;
	}

	/**
	 * The resources still live other than those of one type, for a wait or a failure
	 * message.
	 * @param type the type to leave out
	 * @return up to 20 of them
	 */
	List<String> liveSampleExcept(String type) {
		List<String> sample = new ArrayList<>();
		this.live.forEach((id, entry) -> {
			if (sample.size() < 20 && !entry.type.equals(type)) {
				sample.add(entry.type + "(" + id + ") runs=" + entry.runs);
			}
		});
		return sample;
	}

	/**
	 * Every rule held so far, and nothing is live, running or unsettled: every
	 * {@code init} had its one {@code destroy}, every {@code before} its {@code after}.
	 */
	public void assertHeld() {
		assertThat(new ArrayList<>(this.violations)).as("violations (%d in all)", this.violationCount.get()).isEmpty();
		assertThat(liveSample()).as("resources with init and no destroy (%d)", liveCount()).isEmpty();
		assertThat(this.openFrames.sum()).as("frames entered and not left").isZero();
		assertThat(this.unsettled.size()).as("operations not settled").isZero();
		assertThat(this.destroys.sum()).as("destroys").isEqualTo(this.inits.sum());
	}

	/**
	 * One operation of a run: what its submitter did inside
	 * {@code OPERATION.run(operation, …)}.
	 */
	final class Operation {

		final AtomicInteger resources = new AtomicInteger();

		final AtomicInteger live = new AtomicInteger();

		final AtomicInteger ran = new AtomicInteger();

		private volatile boolean closed;

		/** What the operation did, for failure messages. */
		volatile int kind;

		/**
		 * Count a run of the operation's function, from inside it, and check its context:
		 * inside a resource of this operation, with this operation's store.
		 */
		void ran() {
			this.ran.incrementAndGet();
			if (OPERATION.getStore() != this) {
				violation("the function of operation " + this.kind + " ran on " + Thread.currentThread().getName()
						+ " with store " + OPERATION.getStore());
			}
			if (AsyncHooks.executionAsyncId() == 1) {
				violation("the function of operation " + this.kind + " ran on " + Thread.currentThread().getName()
						+ " outside any resource");
			}
		}

		/**
		 * The submission has returned (or thrown): the operation settles when its last
		 * resource is destroyed.
		 */
		void close() {
			this.closed = true;
			if (this.live.get() == 0) {
				settle(this);
			}
		}

	}

	private static final class Entry {

		final String type;

		final @Nullable Operation operation;

		@Nullable Thread runningOn;

		int runs;

		Entry(String type, @Nullable Operation operation) {
			this.type = type;
			this.operation = operation;
		}

	}

}
