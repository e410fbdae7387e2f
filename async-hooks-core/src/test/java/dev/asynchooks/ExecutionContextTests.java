package dev.asynchooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Async ids and the per-thread execution context: Node's rules R1, R2, R4–R7 and R51–R53,
 * SPEC rules 1–4.
 */
class ExecutionContextTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	// R1
	@Test
	void topLevelExecutionIdIsOneAndTriggerIdIsZero() {
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
		assertThat(AsyncHooks.triggerAsyncId()).isZero();
	}

	// R1
	@Test
	void resourceCreatedAtTopLevelIsTriggeredByTheRoot() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("TOP"));
		recorder.close();
		assertThat(resource.triggerAsyncId()).isEqualTo(1);
		assertThat(recorder.linesFor(resource.asyncId()))
			.containsExactly("init TOP " + resource.asyncId() + " trigger=1 eid=1");
	}

	// R1 on any thread: a thread that runs no resource callback is at the root
	@Test
	void threadWithNoFrameIsAtTheRoot() throws Exception {
		AsyncResource resource = track(new AsyncResource("R"));
		List<Object> seen = new ArrayList<>();
		resource.runInAsyncScope(() -> {
			Thread thread = new Thread(() -> {
				seen.add(AsyncHooks.executionAsyncId());
				seen.add(AsyncHooks.triggerAsyncId());
				seen.add(AsyncHooks.executionAsyncResource());
			});
			thread.start();
			join(thread);
		});
		assertThat(seen).containsExactly(1L, 0L, AsyncHooks.executionAsyncResource());
	}

	// R2: fresh ids, greater than 1, increasing on one thread, never equal to the trigger
	@Test
	void idsAreGreaterThanOneAndIncreaseOnOneThread() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource a = track(new AsyncResource("A"));
		AsyncResource b = track(new AsyncResource("B"));
		AsyncResource c = track(new AsyncResource("C", a.asyncId()));
		recorder.close();
		assertThat(a.asyncId()).isGreaterThan(1);
		assertThat(b.asyncId()).isGreaterThan(a.asyncId());
		assertThat(c.asyncId()).isGreaterThan(b.asyncId());
		assertThat(a.asyncId()).isNotEqualTo(a.triggerAsyncId());
		assertThat(recorder.linesFor(a.asyncId(), b.asyncId(), c.asyncId())).containsExactly(
				"init A " + a.asyncId() + " trigger=1 eid=1", "init B " + b.asyncId() + " trigger=1 eid=1",
				"init C " + c.asyncId() + " trigger=" + a.asyncId() + " eid=1");
	}

	// R2: also while no hook is enabled, and unique across threads (ids come in blocks)
	@Test
	void idsAreUniqueAcrossThreadsAndIncreasingOnEachThreadWithoutHooks() throws Exception {
		int threads = 4;
		int perThread = 500;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<long[]>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					long[] ids = new long[perThread];
					for (int i = 0; i < perThread; i++) {
						ids[i] = new AsyncResource("NO_HOOK",
								AsyncResourceOptions.defaults().withRequireManualDestroy(true))
							.asyncId();
					}
					return ids;
				}));
			}
			Set<Long> all = new HashSet<>();
			for (Future<long[]> future : futures) {
				long[] ids = future.get(10, TimeUnit.SECONDS);
				for (int i = 0; i < ids.length; i++) {
					assertThat(ids[i]).isGreaterThan((i != 0) ? ids[i - 1] : 1);
					assertThat(all.add(ids[i])).as("id %d handed out twice", ids[i]).isTrue();
				}
			}
			assertThat(all).hasSize(threads * perThread);
		}
		finally {
			pool.shutdownNow();
		}
	}

	// R4
	@Test
	void insideCallbackTheContextIsTheResourceAndItIsRestoredAfterwards() {
		AsyncResource outer = track(new AsyncResource("OUTER"));
		AsyncResource inner = track(new AsyncResource("INNER", outer.asyncId() + 1000));
		List<Long> seen = new ArrayList<>();
		outer.runInAsyncScope(() -> {
			seen.add(AsyncHooks.executionAsyncId());
			seen.add(AsyncHooks.triggerAsyncId());
			inner.runInAsyncScope(() -> {
				seen.add(AsyncHooks.executionAsyncId());
				seen.add(AsyncHooks.triggerAsyncId());
			});
			seen.add(AsyncHooks.executionAsyncId());
			seen.add(AsyncHooks.triggerAsyncId());
		});
		assertThat(seen).containsExactly(outer.asyncId(), 1L, inner.asyncId(), outer.asyncId() + 1000, outer.asyncId(),
				1L);
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
		assertThat(AsyncHooks.triggerAsyncId()).isZero();
	}

	// R4, R40: also when the callback throws
	@Test
	void contextIsRestoredWhenTheCallbackThrows() {
		AsyncResource outer = track(new AsyncResource("OUTER"));
		AsyncResource inner = track(new AsyncResource("INNER"));
		List<Long> seen = new ArrayList<>();
		outer.runInAsyncScope(() -> {
			assertThatIllegalStateException().isThrownBy(() -> inner.runInAsyncScope(() -> {
				throw new IllegalStateException("boom");
			})).withMessage("boom");
			seen.add(AsyncHooks.executionAsyncId());
			seen.add(AsyncHooks.triggerAsyncId());
		});
		assertThat(seen).containsExactly(outer.asyncId(), 1L);
	}

	// R4: test-async-hooks-recursive-stack-runInAsyncScope.js, 1000 levels, with the
	// store of each level restored too
	@Test
	void contextAndStoreAreRestoredAtEachOfAThousandNestedLevels() {
		AsyncLocalStorage<Integer> storage = new AsyncLocalStorage<>();
		HookRecorder recorder = HookRecorder.start();
		List<AsyncResource> levels = new ArrayList<>();
		List<String> mismatches = new ArrayList<>();
		recurse(1000, storage, levels, mismatches);
		recorder.close();
		levels.forEach(AsyncResource::emitDestroy);
		assertThat(mismatches).isEmpty();
		assertThat(levels).hasSize(1001);
		for (int i = 1; i < levels.size(); i++) {
			assertThat(levels.get(i).triggerAsyncId()).isEqualTo(levels.get(i - 1).asyncId());
		}
		List<String> expected = new ArrayList<>();
		for (AsyncResource level : levels) {
			expected.add("init foobar " + level.asyncId() + " trigger=" + level.triggerAsyncId() + " eid="
					+ level.triggerAsyncId());
			expected.add("before " + level.asyncId());
		}
		for (int i = levels.size() - 1; i >= 0; i--) {
			expected.add("after " + levels.get(i).asyncId());
		}
		assertThat(recorder.linesFor(levels.stream().mapToLong(AsyncResource::asyncId).toArray()))
			.containsExactlyElementsOf(expected);
		assertThat(storage.getStore()).isNull();
	}

	private static void recurse(int n, AsyncLocalStorage<Integer> storage, List<AsyncResource> levels,
			List<String> mismatches) {
		AsyncResource resource = storage.run(n, () -> new AsyncResource("foobar"));
		levels.add(resource);
		resource.runInAsyncScope(() -> {
			check(n, "before", resource, storage, mismatches);
			if (n > 0) {
				recurse(n - 1, storage, levels, mismatches);
			}
			check(n, "after", resource, storage, mismatches);
		});
	}

	private static void check(int n, String when, AsyncResource resource, AsyncLocalStorage<Integer> storage,
			List<String> mismatches) {
		if (AsyncHooks.executionAsyncId() != resource.asyncId()
				|| AsyncHooks.triggerAsyncId() != resource.triggerAsyncId()
				|| AsyncHooks.executionAsyncResource() != resource || !Integer.valueOf(n).equals(storage.getStore())) {
			mismatches.add("level " + n + " " + when + ": eid=" + AsyncHooks.executionAsyncId() + " tid="
					+ AsyncHooks.triggerAsyncId() + " store=" + storage.getStore());
		}
	}

	// R5
	@Test
	void defaultTriggerIsTheExecutionIdOfTheCreator() {
		AsyncResource outer = track(new AsyncResource("OUTER"));
		AsyncResource created = track(outer.runInAsyncScope(() -> new AsyncResource("CREATED")));
		AsyncResource withDefaults = track(outer.runInAsyncScope(
				() -> new AsyncResource("DEFAULTS", AsyncResourceOptions.defaults().withRequireManualDestroy(true))));
		assertThat(created.triggerAsyncId()).isEqualTo(outer.asyncId());
		assertThat(withDefaults.triggerAsyncId()).isEqualTo(outer.asyncId());
	}

	// R5, R6: test-async-wrap-trigger-id.js. Siblings created in one callback see the
	// same trigger in their own callbacks, and it differs from the top-level one.
	@Test
	void siblingsShareATriggerThatDiffersFromTheTopLevelOne() {
		long top = AsyncHooks.triggerAsyncId();
		AsyncResource tick = track(new AsyncResource("TickObject"));
		List<AsyncResource> siblings = new ArrayList<>();
		tick.runInAsyncScope(() -> {
			siblings.add(track(new AsyncResource("TickObject")));
			siblings.add(track(new AsyncResource("TickObject")));
		});
		long t1 = siblings.get(0).runInAsyncScope(AsyncHooks::triggerAsyncId);
		long t2 = siblings.get(1).runInAsyncScope(AsyncHooks::triggerAsyncId);
		assertThat(t1).isEqualTo(tick.asyncId()).isNotEqualTo(top);
		assertThat(t2).isEqualTo(t1);
	}

	// R7: inside init the execution context is the creator's, as in the seed's example
	@Test
	void executionIdInsideInitIsTheCreatorsContext() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource outer = track(new AsyncResource("OUTER"));
		AsyncResource inner = track(outer.runInAsyncScope(() -> new AsyncResource("INNER")));
		AsyncResource explicit = track(outer.runInAsyncScope(
				() -> new AsyncResource("EXPLICIT", AsyncResourceOptions.defaults().withTriggerAsyncId(0))));
		recorder.close();
		long o = outer.asyncId();
		assertThat(recorder.lines((event) -> event.name().equals("init")
				&& List.of(o, inner.asyncId(), explicit.asyncId()).contains(event.asyncId())))
			.containsExactly("init OUTER " + o + " trigger=1 eid=1",
					"init INNER " + inner.asyncId() + " trigger=" + o + " eid=" + o,
					"init EXPLICIT " + explicit.asyncId() + " trigger=0 eid=" + o);
	}

	// R51
	@Test
	void rootResourceIsOneFixedObject() throws Exception {
		Object root = AsyncHooks.executionAsyncResource();
		AtomicReference<Object> onOtherThread = new AtomicReference<>();
		Thread thread = new Thread(() -> onOtherThread.set(AsyncHooks.executionAsyncResource()));
		thread.start();
		thread.join(10_000);
		AsyncResource resource = track(new AsyncResource("R"));
		resource.runInAsyncScope(() -> {
		});
		assertThat(root).isNotNull();
		assertThat(AsyncHooks.executionAsyncResource()).isSameAs(root);
		assertThat(onOtherThread.get()).isSameAs(root);
		assertThat(root).hasToString("{}");
	}

	// R52: inside runInAsyncScope, and inside before/after hooks, it is the object
	// passed to init
	@Test
	void executionResourceIsTheObjectPassedToInitInsideCallbacksAndBeforeAndAfterHooks() {
		Map<Long, Object> initResources = new HashMap<>();
		List<String> mismatches = new ArrayList<>();
		Thread testThread = Thread.currentThread();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				initResources.put(asyncId, resource);
			}

			@Override
			public void before(long asyncId) {
				check("before", asyncId);
			}

			@Override
			public void after(long asyncId) {
				check("after", asyncId);
			}

			private void check(String event, long asyncId) {
				if (Thread.currentThread() == testThread && (AsyncHooks.executionAsyncId() != asyncId
						|| AsyncHooks.executionAsyncResource() != initResources.get(asyncId))) {
					mismatches.add(event + " " + asyncId);
				}
			}

		}).enable();
		AsyncResource plain = track(new AsyncResource("PLAIN"));
		Object standIn = new Object();
		AsyncResource representing = track(new StandInResource(standIn));
		Object inPlain = plain.runInAsyncScope(AsyncHooks::executionAsyncResource);
		Object inRepresenting = representing.runInAsyncScope(AsyncHooks::executionAsyncResource);
		hook.disable();
		assertThat(mismatches).isEmpty();
		assertThat(initResources).containsEntry(plain.asyncId(), plain).containsEntry(representing.asyncId(), standIn);
		assertThat(inPlain).isSameAs(plain);
		assertThat(inRepresenting).isSameAs(standIn);
	}

	// R53: test-async-hooks-execution-async-resource.js. State written on the current
	// resource travels into the resources created from it, through an init hook.
	@Test
	void executionResourceWorksAsContinuationLocalStorage() {
		AsyncHook propagating = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (resource instanceof Request request
						&& AsyncHooks.executionAsyncResource() instanceof Request creator) {
					request.user = creator.user;
				}
			}

		}).enable();
		Request first = track(new Request());
		Request second = track(new Request());
		first.runInAsyncScope(() -> ((Request) AsyncHooks.executionAsyncResource()).user = "alice");
		second.runInAsyncScope(() -> ((Request) AsyncHooks.executionAsyncResource()).user = "bob");
		Request fromFirst = track(first.runInAsyncScope(Request::new));
		Request fromSecond = track(second.runInAsyncScope(Request::new));
		Request nested = track(fromFirst.runInAsyncScope(Request::new));
		propagating.disable();
		assertThat(fromFirst.runInAsyncScope(() -> ((Request) AsyncHooks.executionAsyncResource()).user))
			.isEqualTo("alice");
		assertThat(fromSecond.user).isEqualTo("bob");
		assertThat(nested.user).isEqualTo("alice");
	}

	private <R extends AsyncResource> R track(R resource) {
		return this.engine.destroyAfter(resource);
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		assertThat(thread.isAlive()).isFalse();
	}

	/** A resource that reports another object, as integrations do for futures. */
	private static final class StandInResource extends AsyncResource {

		StandInResource(Object standIn) {
			super("STAND_IN", AsyncResourceOptions.defaults(), standIn);
		}

	}

	/** A resource with state, like a request object carrying a user. */
	private static final class Request extends AsyncResource {

		volatile String user;

		Request() {
			super("REQUEST");
		}

	}

}
