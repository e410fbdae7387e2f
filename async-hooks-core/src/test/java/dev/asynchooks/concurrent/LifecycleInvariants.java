package dev.asynchooks.concurrent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support: a hook that checks the lifecycle rules as events arrive, on any number of
 * threads: one {@code init} and one {@code destroy} per id, {@code before}/{@code after}
 * only between them, properly nested on each thread (one stack per thread), and no
 * {@code destroy} while the resource runs.
 */
final class LifecycleInvariants implements HookCallbacks {

	private final Map<Long, String> types = new ConcurrentHashMap<>();

	private final Set<Long> destroyed = ConcurrentHashMap.newKeySet();

	private final Map<Long, Thread> running = new ConcurrentHashMap<>();

	private final Queue<String> violations = new ConcurrentLinkedQueue<>();

	private final Queue<Deque<Long>> stacks = new ConcurrentLinkedQueue<>();

	private final ThreadLocal<Deque<Long>> stack = ThreadLocal.withInitial(() -> {
		Deque<Long> stack = new ArrayDeque<>();
		this.stacks.add(stack);
		return stack;
	});

	private final AtomicInteger runs = new AtomicInteger();

	private final AsyncHook hook = AsyncHooks.createHook(this);

	LifecycleInvariants enable() {
		this.hook.enable();
		return this;
	}

	void disable() {
		this.hook.disable();
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		if (this.types.putIfAbsent(asyncId, type) != null) {
			this.violations.add("second init of " + asyncId);
		}
		if (triggerAsyncId != 1 && !this.types.containsKey(triggerAsyncId)) {
			this.violations.add("trigger " + triggerAsyncId + " of " + asyncId + " never had init");
		}
	}

	@Override
	public void before(long asyncId) {
		if (!this.types.containsKey(asyncId)) {
			this.violations.add("before without init: " + asyncId);
		}
		if (this.destroyed.contains(asyncId)) {
			this.violations.add("before after destroy: " + asyncId);
		}
		if (AsyncHooks.executionAsyncId() != asyncId) {
			this.violations.add("executionAsyncId() in before of " + asyncId + " was " + AsyncHooks.executionAsyncId());
		}
		if (this.running.putIfAbsent(asyncId, Thread.currentThread()) != null) {
			this.violations.add("before while running: " + asyncId);
		}
		this.stack.get().push(asyncId);
		this.runs.incrementAndGet();
	}

	@Override
	public void after(long asyncId) {
		Long top = this.stack.get().poll();
		if (top == null || top != asyncId) {
			this.violations.add("after " + asyncId + " but the stack top was " + top);
		}
		if (this.running.remove(asyncId) != Thread.currentThread()) {
			this.violations.add("after on another thread than before: " + asyncId);
		}
	}

	@Override
	public void destroy(long asyncId) {
		if (!this.types.containsKey(asyncId)) {
			if (Thread.currentThread().getName().equals("asynchooks-cleaner")) {
				// a resource of an earlier test, collected now: a hook enabled after a
				// resource's init still gets its destroy (Node R15); tasks never use the
				// cleaner
				return;
			}
			this.violations.add("destroy without init: " + asyncId);
		}
		if (!this.destroyed.add(asyncId)) {
			this.violations.add("second destroy of " + asyncId);
		}
		if (this.running.containsKey(asyncId)) {
			this.violations.add("destroy between before and after: " + asyncId);
		}
	}

	int initCount() {
		return this.types.size();
	}

	int runCount() {
		return this.runs.get();
	}

	long count(String type) {
		return this.types.values().stream().filter(type::equals).count();
	}

	/**
	 * Every rule held, every init got its destroy, and no thread is left inside a
	 * resource.
	 */
	void assertHeld() {
		assertThat(new ArrayList<>(this.violations)).as("violations").isEmpty();
		List<Long> notDestroyed = this.types.keySet().stream().filter((id) -> !this.destroyed.contains(id)).toList();
		assertThat(notDestroyed).as("ids with init and no destroy").isEmpty();
		assertThat(this.running).as("resources still running").isEmpty();
		assertThat(this.stacks).as("per-thread stacks").allSatisfy((stack) -> assertThat(stack).isEmpty());
	}

}
