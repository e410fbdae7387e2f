package dev.asynchooks.autoconfigure.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent hook for the chaos applications, declared as a {@link HookCallbacks}
 * bean so that the starter enables it with the application's other hooks (the idea of the
 * core's {@code LifecycleLedger}, without operations): it keeps the resources alive now,
 * and the ids of every resource destroyed, and checks as events arrive one {@code init}
 * and one {@code destroy} per id, {@code before}/{@code after} only between them, each
 * pair on one thread, properly nested per thread, and no {@code destroy} between a
 * {@code before} and its {@code after}. A resource may be entered again from inside its
 * own scope, and (a WebFlux exchange) on two threads at once; both are counted.
 * <p>
 * The engine is process-wide, and other test classes' contexts may still be open: an
 * event for an id whose {@code init} this ledger never saw (a resource made before it was
 * enabled, a promise of an earlier test destroyed by the cleaner) is counted as foreign,
 * not as a violation, unless the id was destroyed here already.
 *
 * @author async-hooks
 */
public final class ChaosLedger implements HookCallbacks {

	private static final int MAX_VIOLATIONS = 50;

	private final ConcurrentHashMap<Long, Entry> live = new ConcurrentHashMap<>();

	private final Set<Long> destroyed = ConcurrentHashMap.newKeySet();

	private final Queue<String> violations = new ConcurrentLinkedQueue<>();

	private final AtomicInteger violationCount = new AtomicInteger();

	private final LongAdder inits = new LongAdder();

	private final LongAdder runs = new LongAdder();

	private final LongAdder destroys = new LongAdder();

	private final LongAdder destroyedUnrun = new LongAdder();

	private final LongAdder foreign = new LongAdder();

	private final LongAdder nestedRuns = new LongAdder();

	private final LongAdder concurrentRuns = new LongAdder();

	private final ConcurrentHashMap<String, LongAdder> initsByType = new ConcurrentHashMap<>();

	private final ThreadLocal<long[]> stack = ThreadLocal.withInitial(() -> new long[17]);

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		// a request is described by its resource, which only the request itself keeps
		// alive: kept for failure messages (requests are destroyed explicitly, never
		// when collected)
		Entry entry = new Entry(type, type.equals(ResourceTypes.HTTPINCOMINGMESSAGE) ? resource : null);
		if (this.destroyed.contains(asyncId) || this.live.putIfAbsent(asyncId, entry) != null) {
			violation("second init of " + asyncId + " " + type);
			return;
		}
		this.inits.increment();
		this.initsByType.computeIfAbsent(type, (key) -> new LongAdder()).increment();
	}

	@Override
	public void before(long asyncId) {
		Entry entry = this.live.get(asyncId);
		if (entry == null) {
			unknown("before", asyncId);
		}
		else {
			synchronized (entry) {
				Thread thread = Thread.currentThread();
				if (entry.running.containsKey(thread)) {
					// entered again from inside its own scope (a WebFlux exchange whose
					// response completes inside its handler's run): nested, as Node
					// allows
					this.nestedRuns.increment();
				}
				else if (!entry.running.isEmpty()) {
					// a WebFlux exchange delivers signals in its scope on whatever thread
					// they arrive, a Netty event loop and a scheduler's thread at once:
					// each run still pairs and nests on its own thread
					this.concurrentRuns.increment();
				}
				entry.running.merge(thread, 1, Integer::sum);
				entry.runs++;
			}
			this.runs.increment();
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
	}

	@Override
	public void after(long asyncId) {
		Entry entry = this.live.get(asyncId);
		long[] stack = this.stack.get();
		int depth = (int) stack[0];
		if (depth != 0 && stack[depth] == asyncId) {
			stack[0] = depth - 1;
		}
		else if (entry != null || this.destroyed.contains(asyncId)) {
			violation("after " + asyncId + " on " + Thread.currentThread().getName() + " but the innermost frame was "
					+ ((depth != 0) ? stack[depth] : "none"));
		}
		if (entry == null) {
			unknown("after", asyncId);
			return;
		}
		synchronized (entry) {
			Thread thread = Thread.currentThread();
			Integer scopes = entry.running.get(thread);
			if (scopes == null) {
				violation("after of " + entry.type + "(" + asyncId + ") on a thread that did not enter it");
			}
			else if (scopes == 1) {
				entry.running.remove(thread);
			}
			else {
				entry.running.put(thread, scopes - 1);
			}
		}
	}

	@Override
	public void destroy(long asyncId) {
		Entry entry = this.live.get(asyncId);
		if (entry == null) {
			unknown("destroy", asyncId);
			return;
		}
		// recorded before the entry goes, so that a second destroy, at the same time or
		// later, always finds one of the two
		if (!this.destroyed.add(asyncId)) {
			violation("second destroy of " + entry.type + "(" + asyncId + ")");
			return;
		}
		this.live.remove(asyncId);
		this.destroys.increment();
		synchronized (entry) {
			if (!entry.running.isEmpty()) {
				violation("destroy of " + entry.type + "(" + asyncId + ") between before and after on "
						+ entry.running.keySet());
			}
			if (entry.runs == 0) {
				this.destroyedUnrun.increment();
			}
		}
	}

	private void unknown(String event, long asyncId) {
		if (this.destroyed.contains(asyncId)) {
			violation(event + " of " + asyncId + " after its destroy on " + Thread.currentThread().getName());
		}
		else {
			this.foreign.increment();
		}
	}

	private void violation(String text) {
		if (this.violationCount.incrementAndGet() <= MAX_VIOLATIONS) {
			this.violations.add(text);
		}
	}

	/**
	 * How many frames the calling thread is inside, as this ledger saw them: 0 on a
	 * pooled thread between tasks.
	 * @return the number of {@code before}s without their {@code after} on this thread
	 */
	int depth() {
		return (int) this.stack.get()[0];
	}

	long inits() {
		return this.inits.sum();
	}

	long runs() {
		return this.runs.sum();
	}

	long destroys() {
		return this.destroys.sum();
	}

	long destroyedUnrun() {
		return this.destroyedUnrun.sum();
	}

	long nestedRuns() {
		return this.nestedRuns.sum();
	}

	long concurrentRuns() {
		return this.concurrentRuns.sum();
	}

	long foreign() {
		return this.foreign.sum();
	}

	List<String> violations() {
		return new ArrayList<>(this.violations);
	}

	Map<String, Long> initsByType() {
		Map<String, Long> counts = new TreeMap<>();
		this.initsByType.forEach((type, count) -> counts.put(type, count.sum()));
		return counts;
	}

	/**
	 * The resources with an {@code init} and no {@code destroy} yet.
	 * @return their ids and types
	 */
	Map<Long, String> live() {
		Map<Long, String> live = new TreeMap<>();
		this.live.forEach((id, entry) -> live.put(id, entry.type));
		return live;
	}

	/**
	 * The resources still live other than some, for a wait or a failure message.
	 * @param except the ids to leave out
	 * @return up to 20 of them, with their type and number of runs
	 */
	List<String> liveSampleExcept(Set<Long> except) {
		List<String> sample = new ArrayList<>();
		this.live.forEach((id, entry) -> {
			if (sample.size() < 20 && !except.contains(id)) {
				sample.add(entry.type + "(" + id + ") runs=" + entry.runs
						+ ((entry.request != null) ? " " + entry.request : ""));
			}
		});
		return sample;
	}

	/**
	 * The ids of the resources still live other than some.
	 * @param except the ids to leave out
	 * @return up to 20 of them
	 */
	List<Long> liveSampleIdsExcept(Set<Long> except) {
		return this.live.keySet().stream().filter((id) -> !except.contains(id)).limit(20).toList();
	}

	/**
	 * No rule was broken so far: every {@code init} was the first of its id, every
	 * {@code destroy} the first, every {@code before} and {@code after} of a resource
	 * between its {@code init} and its {@code destroy}, on one thread, nested.
	 */
	void assertNoViolation() {
		assertThat(violations()).as("violations (%d in all)", this.violationCount.get()).isEmpty();
		assertThat(this.destroys.sum() + this.live.size()).as("destroyed + live").isEqualTo(this.inits.sum());
	}

	private static final class Entry {

		final String type;

		final @Nullable Object request;

		// the threads inside its scope now, with how many scopes of it each entered
		final Map<Thread, Integer> running = new HashMap<>(2);

		int runs;

		Entry(String type, @Nullable Object request) {
			this.type = type;
			this.request = request;
		}

	}

}
