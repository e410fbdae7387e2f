package dev.asynchooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.asynchooks.reliability.LifecycleLedger;
import dev.asynchooks.reliability.StressRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One engine for the whole JVM, used from many threads at once (SPEC rules 5, 9 and 10,
 * section 4 "thread-safe"): hooks toggled while resources run, a slow hook, a resource
 * run on several threads. Every wait is bounded, so a deadlock fails the test instead of
 * hanging the build.
 */
@ExtendWith(CleanEngine.class)
class HookConcurrencyTests {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private static final int WORKERS = 4;

	private static final int RESOURCES_PER_WORKER = 2_000;

	private static final int MAX_RESOURCES_PER_WORKER = 1_000_000;

	private static final int TOGGLERS = 3;

	// R2, R10, R16, R40
	// SPEC rules 5 and 9: enable/disable from several threads while others create, run
	// (sometimes twice, sometimes throwing) and destroy resources; a hook enabled
	// throughout loses no event, and the toggled hooks never get a second init or destroy
	@Test
	void hooksToggledFromSeveralThreadsWhileOthersRunResourcesLoseNoEventOfAHookEnabledThroughout() throws Exception {
		HookRecorder whole = HookRecorder.startWithoutResources();
		List<CountingCallbacks> toggled = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS + TOGGLERS);
		CyclicBarrier start = new CyclicBarrier(WORKERS + TOGGLERS);
		AtomicBoolean workDone = new AtomicBoolean();
		try {
			List<Future<Worker>> workers = new ArrayList<>();
			for (int w = 0; w < WORKERS; w++) {
				workers.add(pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					return Worker.run(() -> toggled.stream().anyMatch(CountingCallbacks::sawAny));
				}));
			}
			List<Future<Integer>> togglers = new ArrayList<>();
			for (int t = 0; t < TOGGLERS; t++) {
				CountingCallbacks first = new CountingCallbacks();
				CountingCallbacks second = new CountingCallbacks();
				toggled.add(first);
				toggled.add(second);
				togglers.add(pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					AsyncHook a = AsyncHooks.createHook(first);
					AsyncHook b = AsyncHooks.createHook(second);
					int rounds = 0;
					while (!workDone.get() || rounds < 100) {
						a.enable();
						b.enable();
						a.disable();
						a.enable();
						b.disable();
						a.disable();
						AsyncHooks.createHook(new HookCallbacks() {
						}).enable().disable();
						rounds++;
					}
					return rounds;
				}));
			}
			List<Worker> results = new ArrayList<>();
			for (Future<Worker> worker : workers) {
				results.add(worker.get(30, TimeUnit.SECONDS));
			}
			workDone.set(true);
			for (Future<Integer> toggler : togglers) {
				assertThat(toggler.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(100);
			}
			whole.close();
			assertNoEventLost(whole, results);
			assertTogglingGaveAtMostOneInitAndOneDestroy(toggled, results);
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(AsyncHooks.enabledHooks()).isEmpty();
	}

	private static void assertNoEventLost(HookRecorder whole, List<Worker> results) {
		Map<Long, List<String>> names = whole.namesById();
		Map<Long, HookRecorder.Event> inits = whole.events()
			.stream()
			.filter((event) -> event.name().equals("init"))
			.collect(Collectors.toMap(HookRecorder.Event::asyncId, (event) -> event, (a, b) -> a));
		Set<Long> all = new HashSet<>();
		List<String> problems = new ArrayList<>();
		for (Worker worker : results) {
			for (int i = 0; i < worker.ids.length; i++) {
				long id = worker.ids[i];
				if (i > 0 && id <= worker.ids[i - 1]) {
					problems.add("id " + id + " not above the previous id on " + worker.thread.getName());
				}
				if (!all.add(id)) {
					problems.add("id " + id + " handed out twice");
				}
				List<String> expected = new ArrayList<>(List.of("init"));
				for (int run = 0; run < Worker.runs(i); run++) {
					expected.add("before");
					expected.add("after");
				}
				expected.add("destroy");
				if (!expected.equals(names.get(id))) {
					problems.add("id " + id + ": " + names.get(id));
				}
				HookRecorder.Event init = inits.get(id);
				if (init == null || !init.type().equals("WORK") || init.triggerAsyncId() != 1
						|| init.executionAsyncId() != 1 || init.thread() != worker.thread) {
					problems.add("init of " + id + ": " + init);
				}
			}
		}
		Set<Thread> threads = whole.events()
			.stream()
			.filter((event) -> all.contains(event.asyncId()))
			.map(HookRecorder.Event::thread)
			.collect(Collectors.toSet());
		assertThat(problems).isEmpty();
		assertThat(all).hasSize(results.stream().mapToInt((worker) -> worker.ids.length).sum())
			.hasSizeGreaterThanOrEqualTo(WORKERS * RESOURCES_PER_WORKER);
		assertThat(threads).containsExactlyInAnyOrderElementsOf(results.stream().map((w) -> w.thread).toList());
	}

	private static void assertTogglingGaveAtMostOneInitAndOneDestroy(List<CountingCallbacks> toggled,
			List<Worker> results) {
		Set<Long> ids = results.stream()
			.flatMapToLong((worker) -> java.util.Arrays.stream(worker.ids))
			.boxed()
			.collect(Collectors.toSet());
		long eventsSeen = 0;
		for (CountingCallbacks callbacks : toggled) {
			assertThat(callbacks.inits.values()).allMatch((count) -> count == 1);
			assertThat(callbacks.destroys.values()).allMatch((count) -> count == 1);
			assertThat(callbacks.inits.keySet()).allMatch(ids::contains);
			eventsSeen += callbacks.inits.size() + callbacks.destroys.size();
		}
		assertThat(eventsSeen).as("events seen by the toggled hooks").isPositive();
	}

	// R10, R13, R14
	// SPEC rule 5: the engine holds no lock while it calls a hook, so a hook blocked in a
	// callback on one thread blocks neither enable/disable nor dispatch on other threads;
	// a hook enabled meanwhile gets the blocked resource's after and destroy (not the
	// before in progress), and the blocked hook, disabled meanwhile, gets no after
	@Test
	void slowHookBlocksNeitherEnableAndDisableNorEventsOnOtherThreads() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AsyncResource blocked = new AsyncResource("BLOCKED");
		List<String> slowCalls = Collections.synchronizedList(new ArrayList<>());
		AsyncHook slow = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				if (asyncId == blocked.asyncId()) {
					slowCalls.add("before " + asyncId);
					entered.countDown();
					awaitLatch(release);
				}
			}

			@Override
			public void after(long asyncId) {
				if (asyncId == blocked.asyncId()) {
					slowCalls.add("after " + asyncId);
				}
			}

		}).enable();
		Thread runner = new Thread(() -> {
			blocked.runInAsyncScope(() -> {
			});
			blocked.emitDestroy();
		}, "runner");
		HookRecorder late = new HookRecorder();
		AsyncResource meanwhile;
		try {
			runner.start();
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			CompletableFuture.runAsync(() -> {
				late.hook().enable();
				AsyncHook other = AsyncHooks.createHook(new HookCallbacks() {
				}).enable();
				other.disable();
				slow.disable();
			}).get(10, TimeUnit.SECONDS);
			meanwhile = new AsyncResource("MEANWHILE");
			meanwhile.runInAsyncScope(() -> {
			});
			meanwhile.emitDestroy();
		}
		finally {
			release.countDown();
			runner.join(10_000);
		}
		late.close();
		long b = blocked.asyncId();
		long m = meanwhile.asyncId();
		assertThat(runner.isAlive()).isFalse();
		assertThat(slow.isEnabled()).isFalse();
		assertThat(slowCalls).containsExactly("before " + b);
		assertThat(late.linesFor(m, b)).containsExactly("init MEANWHILE " + m + " trigger=1 eid=1", "before " + m,
				"after " + m, "destroy " + m, "after " + b, "destroy " + b);
		assertThat(late.events().stream().filter((event) -> event.asyncId() == b))
			.extracting(HookRecorder.Event::thread)
			.containsOnly(runner);
	}

	// R4, R41 (pairs properly nested), R48
	// AsyncResource is thread-safe: run on several threads at once, each thread gets its
	// own properly paired before/after, in its own context
	@Test
	void resourceRunOnSeveralThreadsAtOnceGivesBalancedPairsOnEachThread() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource shared = new AsyncResource("SHARED");
		int threads = 4;
		int runs = 500;
		CyclicBarrier start = new CyclicBarrier(threads);
		Set<String> wrongContexts = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Thread>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					for (int i = 0; i < runs; i++) {
						shared.runInAsyncScope(() -> {
							if (AsyncHooks.executionAsyncId() != shared.asyncId() || AsyncHooks.triggerAsyncId() != 1) {
								wrongContexts.add(Thread.currentThread().getName());
							}
						});
					}
					return Thread.currentThread();
				}));
			}
			List<Thread> runners = new ArrayList<>();
			for (Future<Thread> future : futures) {
				runners.add(future.get(30, TimeUnit.SECONDS));
			}
			shared.emitDestroy();
			recorder.close();
			long id = shared.asyncId();
			List<HookRecorder.Event> events = recorder.events()
				.stream()
				.filter((event) -> event.asyncId() == id)
				.toList();
			assertThat(wrongContexts).isEmpty();
			assertThat(events.get(0).name()).isEqualTo("init");
			assertThat(events.get(events.size() - 1).name()).isEqualTo("destroy");
			for (Thread runner : runners) {
				List<String> onRunner = events.stream()
					.filter((event) -> event.thread() == runner)
					.map(HookRecorder.Event::toString)
					.toList();
				List<String> expected = new ArrayList<>();
				for (int i = 0; i < runs; i++) {
					expected.add("before " + id);
					expected.add("after " + id);
				}
				assertThat(onRunner).as("events on %s", runner.getName()).isEqualTo(expected);
			}
			assertThat(events).hasSize(2 + threads * runs * 2);
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One worker's resources: ids in creation order, and its thread. */
	private static final class Worker {

		long[] ids = new long[RESOURCES_PER_WORKER];

		final Thread thread = Thread.currentThread();

		static int runs(int index) {
			return (index % 3 == 0) ? 2 : 1;
		}

		/**
		 * Runs {@link #RESOURCES_PER_WORKER} resources, then more until
		 * {@code overlapped} says a toggled hook saw one (on a loaded machine the
		 * togglers may not get a core while the first ones run), at most
		 * {@link #MAX_RESOURCES_PER_WORKER}.
		 */
		static Worker run(BooleanSupplier overlapped) {
			Worker worker = new Worker();
			int count = 0;
			while (count < RESOURCES_PER_WORKER || (count < MAX_RESOURCES_PER_WORKER && !overlapped.getAsBoolean())) {
				if (count == worker.ids.length) {
					worker.ids = Arrays.copyOf(worker.ids, count * 2);
				}
				int i = count++;
				AsyncResource resource = new AsyncResource("WORK");
				worker.ids[i] = resource.asyncId();
				boolean fail = (i % 7 == 0);
				for (int run = 0; run < runs(i); run++) {
					try {
						resource.runInAsyncScope(() -> {
							if (fail) {
								throw new IllegalStateException("task failed");
							}
						});
					}
					catch (IllegalStateException expected) {
						// the failure of the task itself: after was still delivered
					}
				}
				resource.emitDestroy();
			}
			worker.ids = Arrays.copyOf(worker.ids, count);
			return worker;
		}

	}

	/** Counts inits and destroys per id, whatever thread they come from. */
	private static final class CountingCallbacks implements HookCallbacks {

		final Map<Long, Integer> inits = new ConcurrentHashMap<>();

		final Map<Long, Integer> destroys = new ConcurrentHashMap<>();

		boolean sawAny() {
			return !this.inits.isEmpty();
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			if (type.equals("WORK")) {
				this.inits.merge(asyncId, 1, Integer::sum);
			}
		}

		@Override
		public void destroy(long asyncId) {
			if (Thread.currentThread().getName().equals("asynchooks-cleaner")) {
				return;
			}
			this.destroys.merge(asyncId, 1, Integer::sum);
		}

	}

	// SPEC rule 6 on many threads at once: each thread enables its own hook inside the
	// before callback of a shared hook, and disables it inside the after callback. The
	// hook enabled there misses that before (the dispatch in progress), gets everything
	// raised in the resource's scope, and gets that after (disabled during the dispatch
	// in progress) but not the destroy that follows
	@Test
	void hooksEnabledAndDisabledInsideHookCallbacksOnManyThreadsAtOnceFollowRuleSix() throws Exception {
		Map<Thread, AsyncHook> perThread = new ConcurrentHashMap<>();
		Map<Thread, List<String>> seen = new ConcurrentHashMap<>();
		List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
		LifecycleLedger ledger = new LifecycleLedger().enable();
		AsyncHook toggling = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				AsyncHook own = perThread.get(Thread.currentThread());
				if (own != null) {
					own.enable();
				}
			}

			@Override
			public void after(long asyncId) {
				AsyncHook own = perThread.get(Thread.currentThread());
				if (own != null) {
					own.disable();
				}
			}

		}).enable();
		int rounds = 2_000;
		try {
			StressRun.runConcurrently(4, rounds, 5, (random, index) -> {
				Thread thread = Thread.currentThread();
				List<String> events = seen.computeIfAbsent(thread, (t) -> new ArrayList<>());
				perThread.computeIfAbsent(thread, (t) -> AsyncHooks.createHook(new OwnThreadEvents(t, events)));
				AsyncResource outer = new AsyncResource("OUTER", MANUAL);
				long[] inner = new long[1];
				outer.runInAsyncScope(() -> {
					AsyncResource nested = new AsyncResource("INNER", MANUAL);
					inner[0] = nested.asyncId();
					nested.emitDestroy();
				});
				outer.emitDestroy();
				long o = outer.asyncId();
				List<String> expected = List.of("init " + inner[0], "destroy " + inner[0], "after " + o);
				if (!events.equals(expected)) {
					violations.add(thread.getName() + " round " + index + ": " + events + " instead of " + expected);
				}
				events.clear();
			});
		}
		finally {
			toggling.disable();
			ledger.disable();
			perThread.values().forEach(AsyncHook::disable);
		}
		assertThat(violations).isEmpty();
		assertThat(perThread).hasSize(4);
		ledger.assertHeld();
		assertThat(ledger.inits()).isEqualTo(4 * rounds * 2);
	}

	/** Records the events raised on one thread; only that thread touches the list. */
	private record OwnThreadEvents(Thread owner, List<String> events) implements HookCallbacks {

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			record("init " + asyncId);
		}

		@Override
		public void before(long asyncId) {
			record("before " + asyncId);
		}

		@Override
		public void after(long asyncId) {
			record("after " + asyncId);
		}

		@Override
		public void destroy(long asyncId) {
			record("destroy " + asyncId);
		}

		private void record(String event) {
			if (Thread.currentThread() == this.owner) {
				this.events.add(event);
			}
		}

	}

}
