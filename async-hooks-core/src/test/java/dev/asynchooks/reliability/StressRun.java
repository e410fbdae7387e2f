package dev.asynchooks.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import dev.asynchooks.live.LiveResources;
import dev.asynchooks.reliability.LifecycleLedger.Operation;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test support: a run of many operations, in rounds, on wrapped executors with injected
 * faults, while other hooks are enabled and disabled concurrently, checked by a
 * {@link LifecycleLedger} enabled for the whole run.
 * <p>
 * Each round makes fresh executors: a bounded {@link ThreadPoolExecutor} (so tasks are
 * rejected), a {@link ScheduledThreadPoolExecutor} (one-shot, periodic, cancelled, also
 * as a run starts), two small pools whose {@code DiscardPolicy} and
 * {@code DiscardOldestPolicy} drop tasks silently, a virtual-thread executor when the JDK
 * has one, and a "victim" thread pool that is shut down with {@code shutdownNow()} at a
 * random point of the round. Submitting threads pick operations at random (seeded):
 * execute, submit, nested submit, timed {@code get}, {@code invokeAll} with a timeout,
 * schedule, periodic tasks that cancel themselves or throw,
 * {@link TrackedCompletableFuture} chains across the executors with cancel and
 * {@code orTimeout}, functions that throw, set a store with {@code enterWith} and never
 * unset it, or run a nested {@link AsyncResource} that throws. Meanwhile a toggling
 * thread enables and disables three more hooks, one of which enables and disables a
 * fourth from inside its own callbacks, on every thread at once.
 * <p>
 * At the end of a round, when no task resource is live any more, a probe runs on every
 * thread of every pool that is still up, once unwrapped (it must see the root context and
 * no store) and once wrapped (it must see its own resource and no store).
 */
final class StressRun implements AutoCloseable {

	static final int SUBMITTERS = 4;

	private static final Duration WAIT = Duration.ofSeconds(60);

	// stores set with enterWith by task functions and never unset: they must not
	// survive the task
	static final AsyncLocalStorage<String> LEAKED = new AsyncLocalStorage<>("stress-leaked", null);

	private final LifecycleLedger ledger = new LifecycleLedger();

	private final boolean virtualThreads;

	private final LongAdder operations = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder cancelled = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder timedOut = new LongAdder();

	private final LongAdder shutdownsNow = new LongAdder();

	private final LongAdder discarded = new LongAdder();

	private final LongAdder probes = new LongAdder();

	private final LongAdder toggles = new LongAdder();

	private final LongAdder uncaught = new LongAdder();

	private final ToggledHooks toggled = new ToggledHooks();

	// the live-resource registry the starter enables, enabled for the whole run: every
	// resource it tracked must have left it by the end
	private final LiveResources registry = new LiveResources(Integer.MAX_VALUE);

	StressRun(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
		this.ledger.enable();
		this.registry.hook().enable();
	}

	LifecycleLedger ledger() {
		return this.ledger;
	}

	/**
	 * Run one round: fresh executors, {@code count} operations spread over the submitting
	 * threads, then wait until every task resource has ended, probe every pool thread and
	 * shut the executors down.
	 * @param count the number of operations
	 * @param seed the seed of the random choices
	 */
	void round(int count, long seed) throws Exception {
		Pools pools = new Pools(this.virtualThreads, this.uncaught);
		Random victimChoice = new Random(seed);
		int shutdownAt = victimChoice.nextInt(Math.max(1, count / SUBMITTERS));
		AtomicBoolean toggling = new AtomicBoolean(true);
		Thread toggler = new Thread(() -> this.toggled.toggleWhile(toggling, this.toggles), "stress-toggler");
		toggler.start();
		try {
			runConcurrently(SUBMITTERS, count / SUBMITTERS, seed, (random, index) -> {
				// back-pressure most of the time, so that most tasks run; the others find
				// the queue full and are rejected
				while (pools.plainRaw.getQueue().size() > 192 && random.nextInt(32) != 0) {
					Thread.yield();
				}
				if (index == shutdownAt && Thread.currentThread().getName().endsWith("-0")) {
					pools.victim.shutdownNow();
					this.shutdownsNow.increment();
				}
				operation(pools, random);
			});
		}
		finally {
			toggling.set(false);
			toggler.join(WAIT.toMillis());
		}
		assertThat(toggler.isAlive()).as("toggler finished").isFalse();
		// every task ended: periodic tasks end themselves, chains complete or are
		// cancelled
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(this.ledger.liveSampleExcept("PROMISE")).isEmpty());
		pools.awaitIdle();
		this.discarded.add(pools.handedToDiscarding.sum() - pools.discardingRaw.getCompletedTaskCount()
				- pools.discardingOldestRaw.getCompletedTaskCount());
		probe(pools.plainRaw, pools.plain, Pools.PLAIN_THREADS);
		probe(pools.scheduledRaw, pools.scheduled, Pools.SCHEDULED_THREADS);
		probe(pools.discardingRaw, pools.discarding, Pools.DISCARDING_THREADS);
		probe(pools.discardingOldestRaw, pools.discardingOldest, Pools.DISCARDING_THREADS);
		pools.shutdown();
	}

	private void operation(Pools pools, Random random) throws Exception {
		Operation operation = this.ledger.open();
		this.operations.increment();
		try {
			LifecycleLedger.OPERATION.call(operation, () -> {
				submit(pools, random, operation);
				return null;
			});
		}
		catch (RejectedExecutionException ex) {
			this.rejected.increment();
		}
		catch (ExecutionException | CancellationException ex) {
			this.failed.increment();
		}
		catch (TimeoutException ex) {
			this.timedOut.increment();
		}
		finally {
			operation.close();
		}
	}

	private void submit(Pools pools, Random random, Operation operation) throws Exception {
		int kind = random.nextInt(13);
		operation.kind = kind;
		switch (kind) {
			case 0 -> pools.plain.execute(work(operation, random));
			case 1 -> maybeCancel(pools.plain.submit(callable(operation, random)), random);
			case 2 -> pools.plain.execute(() -> {
				operation.ran();
				// a task submitted from a task: its resource belongs to the same
				// operation
				pools.plain.execute(work(operation, random));
			});
			case 3 -> awaitBriefly(pools.plain.submit(callable(operation, random)), random);
			case 4 -> {
				// the timeout may cancel a task a worker has just started (see
				// ScheduledTaskEndedAsItStartsTests and TaskEndedAsItStartsTests)
				List<Callable<Integer>> both = List.of(callable(operation, random), callable(operation, random));
				pools.plain.invokeAll(both, random.nextInt(200), TimeUnit.MICROSECONDS);
			}
			case 5 -> maybeCancel(pools.victim.submit(callable(operation, random)), random);
			case 6 -> {
				boolean cancel = random.nextInt(4) == 0;
				long delay = random.nextInt(2);
				ScheduledFuture<Integer> future = pools.scheduled.schedule(callable(operation, random), delay,
						TimeUnit.MILLISECONDS);
				if (cancel) {
					cancel(future, random);
				}
			}
			case 7 -> periodic(pools.scheduled, random, operation);
			case 8 -> maybeCancel(pools.virtualOrPlain().submit(callable(operation, random)), random);
			case 9, 10 -> chain(pools, random, operation);
			case 11 -> pools.scheduled.execute(work(operation, random));
			default -> {
				// a full queue drops tasks silently (the future of a dropped submit never
				// completes: nobody waits for it)
				ExecutorService discarding = random.nextBoolean() ? pools.discarding : pools.discardingOldest;
				pools.handedToDiscarding.increment();
				if (random.nextBoolean()) {
					discarding.execute(work(operation, random));
				}
				else {
					discarding.submit(callable(operation, random));
				}
			}
		}
	}

	private void periodic(ScheduledExecutorService scheduler, Random random, Operation operation) {
		int lastRun = 1 + random.nextInt(3);
		int ending = random.nextInt(3);
		AtomicInteger runs = new AtomicInteger();
		Runnable task = () -> {
			operation.ran();
			if (runs.incrementAndGet() == lastRun) {
				if (ending == 0) {
					((Future<?>) AsyncHooks.executionAsyncResource()).cancel(false);
				}
				else {
					// a periodic task that throws is not run again
					throw new IllegalStateException("expected");
				}
			}
		};
		// cancelled from outside at any time, also as a run starts
		boolean cancel = ending == 2 && random.nextBoolean();
		long delay = random.nextInt(2);
		ScheduledFuture<?> future = random.nextBoolean()
				? scheduler.scheduleAtFixedRate(task, delay, 1, TimeUnit.MILLISECONDS)
				: scheduler.scheduleWithFixedDelay(task, delay, 1, TimeUnit.MILLISECONDS);
		if (cancel) {
			cancel(future, random);
		}
	}

	private void chain(Pools pools, Random random, Operation operation) throws Exception {
		boolean headFails = random.nextInt(8) == 0;
		TrackedCompletableFuture<Integer> head = TrackedCompletableFuture.supplyAsync(() -> {
			operation.ran();
			if (headFails) {
				throw new IllegalStateException("expected");
			}
			return 1;
		}, pools.plain);
		CompletableFuture<Integer> tail = head.thenApplyAsync((value) -> {
			operation.ran();
			return value + 1;
		}, pools.scheduled).thenCompose((value) -> TrackedCompletableFuture.supplyAsync(() -> {
			operation.ran();
			return value + 1;
		}, pools.virtualOrPlain())).handle((value, ex) -> {
			operation.ran();
			return (ex != null) ? -1 : value;
		});
		switch (random.nextInt(6)) {
			case 0 -> cancel(head, random);
			case 1 -> cancel(tail, random);
			case 2 -> tail.orTimeout(random.nextInt(100), TimeUnit.MICROSECONDS);
			case 3 -> awaitBriefly(tail, random);
			default -> {
			}
		}
	}

	private void maybeCancel(Future<?> future, Random random) {
		if (random.nextInt(4) == 0) {
			cancel(future, random);
		}
	}

	private void cancel(Future<?> future, Random random) {
		if (future.cancel(random.nextBoolean())) {
			this.cancelled.increment();
		}
	}

	private void awaitBriefly(Future<?> future, Random random) throws Exception {
		try {
			future.get(random.nextInt(100), TimeUnit.MICROSECONDS);
		}
		catch (TimeoutException ex) {
			this.timedOut.increment();
			if (random.nextBoolean()) {
				cancel(future, random);
			}
		}
	}

	private Runnable work(Operation operation, Random random) {
		int behaviour = random.nextInt(10);
		return () -> behave(operation, behaviour);
	}

	private Callable<Integer> callable(Operation operation, Random random) {
		int behaviour = random.nextInt(10);
		return () -> {
			behave(operation, behaviour);
			return behaviour;
		};
	}

	private void behave(Operation operation, int behaviour) {
		operation.ran();
		switch (behaviour) {
			case 0 -> {
				this.failed.increment();
				throw new IllegalStateException("expected");
			}
			case 1 -> LEAKED.enterWith("left by a task");
			case 2 -> {
				AsyncResource nested = new AsyncResource("STRESS_NESTED");
				try {
					nested.runInAsyncScope(() -> {
						LEAKED.enterWith("left in a nested scope");
						throw new IllegalStateException("expected");
					});
				}
				catch (IllegalStateException ex) {
					// thrown through the nested scope, which was left
				}
				finally {
					nested.emitDestroy();
				}
			}
			case 3 -> {
				LEAKED.enterWith("left by a failing task");
				this.failed.increment();
				throw new IllegalStateException("expected");
			}
			default -> Thread.yield();
		}
	}

	/**
	 * Run a probe on every thread of a pool, twice: unwrapped, it must find the root
	 * context and no store; wrapped, its own resource as context, triggered by the root,
	 * and no store. The probes of one pass wait for each other, so each holds a thread
	 * and together they cover them all.
	 */
	private void probe(ThreadPoolExecutor raw, ExecutorService wrapped, int threads) throws Exception {
		List<String> found = new ArrayList<>();
		Set<Thread> probed = ConcurrentHashMap.newKeySet();
		for (Executor executor : List.of(raw, wrapped)) {
			boolean tracked = executor == wrapped;
			CyclicBarrier together = new CyclicBarrier(threads);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(((ExecutorService) executor).submit(() -> {
					together.await(WAIT.toSeconds(), TimeUnit.SECONDS);
					probed.add(Thread.currentThread());
					String context = describeContext();
					boolean clean = tracked
							? AsyncHooks.executionAsyncId() > 1 && AsyncHooks.triggerAsyncId() == 1
									&& LifecycleLedger.OPERATION.getStore() == null && LEAKED.getStore() == null
							: context.equals(ROOT_CONTEXT);
					return clean ? "clean" : Thread.currentThread().getName() + ": " + context;
				}));
			}
			for (Future<String> result : results) {
				found.add(result.get(WAIT.toSeconds(), TimeUnit.SECONDS));
			}
		}
		this.probes.add(found.size());
		assertThat(found).as("probes on the threads of %s", raw).containsOnly("clean");
		assertThat(probed).as("threads probed").hasSize(raw.getPoolSize());
	}

	static final String ROOT_CONTEXT = "executionAsyncId=1 triggerAsyncId=0 operation=null leaked=null";

	/**
	 * The execution context and stores of the calling thread.
	 * @return {@link #ROOT_CONTEXT} on a thread that runs no resource and has no store
	 */
	static String describeContext() {
		return "executionAsyncId=" + AsyncHooks.executionAsyncId() + " triggerAsyncId=" + AsyncHooks.triggerAsyncId()
				+ " operation=" + LifecycleLedger.OPERATION.getStore() + " leaked=" + LEAKED.getStore();
	}

	/**
	 * Wait until the cleaner has destroyed every promise no longer reachable (PROMISE
	 * resources are destroyed on garbage collection), then check every rule.
	 */
	void assertHeld() {
		awaitNothingLive();
		this.ledger.assertHeld();
		this.toggled.assertHeld();
		assertThat(this.registry.tracked()).as("resources live in the registry").isZero();
		assertThat(this.registry.dropped()).as("resources the registry could not track").isZero();
		assertThat(this.registry.destroyed()).as("resources destroyed in the registry")
			.isEqualTo(this.registry.created());
		assertThat(describeContext()).as("context of the test thread").isEqualTo(ROOT_CONTEXT);
	}

	void awaitNothingLive() {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			System.gc();
			assertThat(this.ledger.liveSample()).as("live resources (%d)", this.ledger.liveCount()).isEmpty();
		});
	}

	Map<String, Long> figures() {
		Map<String, Long> figures = new LinkedHashMap<>();
		figures.put("operations", this.operations.sum());
		figures.put("resources", this.ledger.inits());
		figures.put("runs", this.ledger.runs());
		figures.put("destroyed", this.ledger.destroys());
		figures.put("destroyedUnrun", this.ledger.destroyedUnrun());
		figures.put("rejected", this.rejected.sum());
		figures.put("cancelled", this.cancelled.sum());
		figures.put("failed", this.failed.sum());
		figures.put("timedOut", this.timedOut.sum());
		figures.put("shutdownNow", this.shutdownsNow.sum());
		figures.put("discarded", this.discarded.sum());
		figures.put("registryCreated", this.registry.created());
		figures.put("probes", this.probes.sum());
		figures.put("hookToggles", this.toggles.sum());
		figures.put("togglesFromCallbacks", this.toggled.togglesFromCallbacks.sum());
		return figures;
	}

	@Override
	public void close() {
		this.registry.hook().disable();
		this.ledger.disable();
		this.toggled.disableAll();
	}

	/**
	 * Run {@code action} {@code count} times on each of {@code threads} platform threads,
	 * started together, each with its own seeded {@link Random}; wait for all of them and
	 * rethrow the first failure.
	 */
	static void runConcurrently(int threads, int count, long seed, Submission action) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		List<Thread> submitters = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Random random = new Random(seed * 31 + t);
			Thread submitter = new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < count; i++) {
						action.submit(random, i);
					}
					String context = describeContext();
					if (!context.equals(ROOT_CONTEXT)) {
						throw new AssertionError("submitter left in " + context);
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "stress-submitter-" + t);
			submitter.start();
			submitters.add(submitter);
		}
		start.countDown();
		for (Thread submitter : submitters) {
			submitter.join(TimeUnit.MINUTES.toMillis(10));
			assertThat(submitter.isAlive()).as("%s finished", submitter.getName()).isFalse();
		}
		if (failure.get() != null) {
			throw new AssertionError("failure in a submitter (seed " + seed + ")", failure.get());
		}
	}

	/**
	 * One call of a submitting thread.
	 */
	@FunctionalInterface
	interface Submission {

		void submit(Random random, int index) throws Exception;

	}

	/** The executors of one round. */
	private static final class Pools {

		static final int PLAIN_THREADS = 3;

		static final int SCHEDULED_THREADS = 2;

		static final int DISCARDING_THREADS = 1;

		final ThreadPoolExecutor plainRaw;

		final ExecutorService plain;

		final ScheduledThreadPoolExecutor scheduledRaw;

		final ScheduledExecutorService scheduled;

		final ThreadPoolExecutor discardingRaw;

		final ExecutorService discarding;

		final ThreadPoolExecutor discardingOldestRaw;

		final ExecutorService discardingOldest;

		final LongAdder handedToDiscarding = new LongAdder();

		final ThreadPoolExecutor victimRaw;

		final ExecutorService victim;

		final @Nullable ExecutorService virtualRaw;

		final @Nullable ExecutorService virtual;

		Pools(boolean virtualThreads, LongAdder uncaught) {
			ThreadFactory threads = (task) -> {
				Thread thread = new Thread(task, "stress-pool");
				// a task that throws out of execute() ends its worker: count, do not
				// print
				thread.setUncaughtExceptionHandler((t, ex) -> uncaught.increment());
				return thread;
			};
			// bounded queue and AbortPolicy: rejection is one of the injected faults
			this.plainRaw = new ThreadPoolExecutor(PLAIN_THREADS, PLAIN_THREADS, 0, TimeUnit.SECONDS,
					new ArrayBlockingQueue<>(256), threads, new ThreadPoolExecutor.AbortPolicy());
			this.plain = AsyncExecutors.wrap(this.plainRaw);
			this.scheduledRaw = new ScheduledThreadPoolExecutor(SCHEDULED_THREADS, threads);
			// cancelled tasks with a long delay leave the queue at once, so that it
			// empties
			this.scheduledRaw.setRemoveOnCancelPolicy(true);
			this.scheduled = AsyncExecutors.wrap(this.scheduledRaw);
			// small queues whose policies drop tasks without a word: the wrapper ends
			// what
			// they drop
			this.discardingRaw = new ThreadPoolExecutor(DISCARDING_THREADS, DISCARDING_THREADS, 0, TimeUnit.SECONDS,
					new ArrayBlockingQueue<>(4), threads, new ThreadPoolExecutor.DiscardPolicy());
			this.discarding = AsyncExecutors.wrap(this.discardingRaw);
			this.discardingOldestRaw = new ThreadPoolExecutor(DISCARDING_THREADS, DISCARDING_THREADS, 0,
					TimeUnit.SECONDS, new ArrayBlockingQueue<>(4), threads,
					new ThreadPoolExecutor.DiscardOldestPolicy());
			this.discardingOldest = AsyncExecutors.wrap(this.discardingOldestRaw);
			this.victimRaw = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), threads,
					new ThreadPoolExecutor.AbortPolicy());
			this.victim = AsyncExecutors.wrap(this.victimRaw);
			this.virtualRaw = virtualThreads ? VirtualThreads.newExecutor(uncaught) : null;
			this.virtual = (this.virtualRaw != null) ? AsyncExecutors.wrap(this.virtualRaw) : null;
		}

		ExecutorService virtualOrPlain() {
			return (this.virtual != null) ? this.virtual : this.plain;
		}

		void awaitIdle() {
			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(2))
				.until(() -> idle(this.plainRaw) && idle(this.scheduledRaw) && idle(this.discardingRaw)
						&& idle(this.discardingOldestRaw));
		}

		private static boolean idle(ThreadPoolExecutor executor) {
			return executor.getActiveCount() == 0 && executor.getQueue().isEmpty();
		}

		void shutdown() throws InterruptedException {
			List<ExecutorService> all = new ArrayList<>(
					List.of(this.plain, this.scheduled, this.discarding, this.discardingOldest, this.victim));
			if (this.virtual != null) {
				all.add(this.virtual);
			}
			for (ExecutorService executor : all) {
				executor.shutdown();
			}
			for (ExecutorService executor : all) {
				assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s terminated", executor)
					.isTrue();
			}
		}

	}

	/**
	 * Hooks enabled and disabled all the time by a toggling thread. They may miss any
	 * event, but never get a second {@code init} for a live resource in one enabled
	 * period; one of them enables and disables another hook from inside its callbacks, on
	 * every thread.
	 */
	private static final class ToggledHooks {

		final Set<Long> liveSeen = ConcurrentHashMap.newKeySet();

		final Queue<String> violations = new ConcurrentLinkedQueue<>();

		final LongAdder togglesFromCallbacks = new LongAdder();

		final AsyncHook full = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (!ToggledHooks.this.liveSeen.add(asyncId)) {
					ToggledHooks.this.violations.add("second init of " + asyncId);
				}
			}

			@Override
			public void destroy(long asyncId) {
				ToggledHooks.this.liveSeen.remove(asyncId);
			}

		});

		final AsyncHook initOnly = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			}

		});

		final AsyncHook inner = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
			}

			@Override
			public void after(long asyncId) {
			}

		});

		final AsyncHook togglingFromCallbacks = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				if ((asyncId & 7) == 0) {
					ToggledHooks.this.inner.enable();
					ToggledHooks.this.togglesFromCallbacks.increment();
				}
			}

			@Override
			public void after(long asyncId) {
				if ((asyncId & 7) == 1) {
					ToggledHooks.this.inner.disable();
					ToggledHooks.this.togglesFromCallbacks.increment();
				}
			}

		});

		void toggleWhile(AtomicBoolean toggling, LongAdder toggles) {
			while (toggling.get()) {
				this.full.enable();
				this.togglingFromCallbacks.enable();
				this.initOnly.enable();
				Thread.yield();
				this.full.disable();
				// forget what it saw: a destroy it missed while disabled would leave an
				// id
				// here for ever
				this.liveSeen.clear();
				this.initOnly.disable();
				Thread.yield();
				this.togglingFromCallbacks.disable();
				toggles.add(5);
			}
		}

		void disableAll() {
			List.of(this.full, this.initOnly, this.inner, this.togglingFromCallbacks).forEach(AsyncHook::disable);
		}

		void assertHeld() {
			assertThat(new ArrayList<>(this.violations)).as("violations seen by the toggled hooks").isEmpty();
		}

	}

	/** Virtual threads, reached by reflection: the code is compiled for Java 17. */
	static final class VirtualThreads {

		private VirtualThreads() {
		}

		static boolean available() {
			return Runtime.version().feature() >= 21;
		}

		static ExecutorService newExecutor(LongAdder uncaught) {
			try {
				Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
				Class<?> builderType = Class.forName("java.lang.Thread$Builder");
				builder = builderType.getMethod("name", String.class).invoke(builder, "stress-virtual");
				Thread.UncaughtExceptionHandler handler = (t, ex) -> uncaught.increment();
				builder = builderType.getMethod("uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class)
					.invoke(builder, handler);
				ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
				return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
					.invoke(null, factory);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("virtual threads need JDK 21+", ex);
			}
		}

	}

}
