package dev.asynchooks;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@link AsyncLocalStorage}: Node's rules R55–R60 and R63–R67 (R61, promise reactions,
 * and R62, async/await, belong to the promise integration), the trace t6_als, SPEC rules
 * 12 and 16–20. No hook is enabled here: propagation must not depend on hooks.
 */
@ExtendWith(CleanEngine.class)
class AsyncLocalStorageTests {

	private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

	@AfterEach
	void noStoreLeft() {
		assertThat(this.storage.getStore()).as("store left on the test thread").isNull();
	}

	@Test
	void capturedContextIsEnteredOnAnotherThreadAndTheOneItReplacedRestored() throws Exception {
		AsyncLocalStorage<String> other = new AsyncLocalStorage<>();
		assertThat(AsyncLocalStorage.captureContext()).isNull();
		Supplier<Object> capture = AsyncLocalStorage::captureContext;
		Object captured = this.storage.run("a", () -> other.run("b", capture));
		assertThat(captured).isNotNull();
		AtomicReference<String> seen = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			other.enterWith("own");
			Object previous = AsyncLocalStorage.enterContext(captured);
			seen.set(this.storage.getStore() + other.getStore());
			AsyncLocalStorage.enterContext(previous);
			seen.set(seen.get() + "," + this.storage.getStore() + other.getStore());
			AsyncLocalStorage.enterContext(null);
			seen.set(seen.get() + "," + other.getStore());
		});
		thread.start();
		thread.join();
		assertThat(seen.get()).isEqualTo("ab,nullown,null");
		this.storage.disable();
		Object previous = AsyncLocalStorage.enterContext(captured);
		assertThat(this.storage.getStore()).as("disabled storage").isNull();
		assertThat(other.getStore()).isEqualTo("b");
		assertThat(AsyncLocalStorage.enterContext(previous)).isSameAs(captured);
		assertThat(other.getStore()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> AsyncLocalStorage.enterContext("not a context"));
	}

	// R55
	@Test
	void getStoreIsNullWhenNoStoreIsSet() {
		assertThat(this.storage.getStore()).isNull();
		assertThat(this.storage.name()).isEmpty();
	}

	// R55: the v24 constructor options { name, defaultValue }
	@Test
	void getStoreReturnsTheDefaultValueWhenNoStoreIsSet() {
		AsyncLocalStorage<String> withDefault = new AsyncLocalStorage<>("test", "default");
		AsyncLocalStorage<String> nullDefault = new AsyncLocalStorage<>("", null);
		assertThat(withDefault.name()).isEqualTo("test");
		assertThat(withDefault.getStore()).isEqualTo("default");
		assertThat(withDefault.run("set", withDefault::getStore)).isEqualTo("set");
		assertThat(withDefault.exit(withDefault::getStore)).isEqualTo("default");
		assertThat(withDefault.getStore()).isEqualTo("default");
		assertThat(nullDefault.getStore()).isNull();
	}

	// R56: test-async-local-storage-misc-stores.js, -args.js
	@Test
	void runReturnsTheValueAndShowsAStoreOfAnyKindInside() throws Exception {
		AsyncLocalStorage<Object> any = new AsyncLocalStorage<>();
		Map<String, String> map = Map.of("hello", "node");
		Object object = new Object();
		assertThat(any.run(map, any::getStore)).isSameAs(map);
		assertThat(any.run("hello node", any::getStore)).isEqualTo("hello node");
		assertThat(any.run(object, any::getStore)).isSameAs(object);
		assertThat(any.call(42, any::getStore)).isEqualTo(42);
		List<Object> seen = new ArrayList<>();
		any.run("runnable", () -> {
			seen.add(any.getStore());
		});
		assertThat(seen).containsExactly("runnable");
		assertThat(any.getStore()).isNull();
	}

	// R57: test-async-local-storage-errors.js
	@Test
	void runRethrowsAndRestoresThePreviousStore() {
		IllegalStateException err1 = new IllegalStateException("err1");
		this.storage.run("outer", () -> {
			assertThatIllegalStateException().isThrownBy(() -> this.storage.run("inner", () -> {
				throw err1;
			})).isSameAs(err1);
			assertThat(this.storage.getStore()).isEqualTo("outer");
			Exception checked = new Exception("checked");
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.storage.call("inner", () -> {
				throw checked;
			})).isSameAs(checked);
			assertThat(this.storage.getStore()).isEqualTo("outer");
		});
		assertThat(this.storage.getStore()).isNull();
	}

	// R58: test-async-local-storage-nested.js and -no-mix-contexts.js
	@Test
	void nestedRunOverridesTheStoreAndSeparateInstancesDoNotMix() {
		AsyncLocalStorage<String> other = new AsyncLocalStorage<>();
		List<String> seen = new ArrayList<>();
		this.storage.run("outer", () -> {
			other.run("other", () -> {
				this.storage.run("inner", () -> seen.add(this.storage.getStore() + "/" + other.getStore()));
				seen.add(this.storage.getStore() + "/" + other.getStore());
				this.storage.exit(() -> seen.add(this.storage.getStore() + "/" + other.getStore()));
				other.exit(() -> seen.add(this.storage.getStore() + "/" + other.getStore()));
				seen.add(this.storage.getStore() + "/" + other.getStore());
			});
			seen.add(this.storage.getStore() + "/" + other.getStore());
		});
		seen.add(this.storage.getStore() + "/" + other.getStore());
		assertThat(seen).containsExactly("inner/other", "outer/other", "null/other", "outer/null", "outer/other",
				"outer/null", "null/null");
	}

	// R59: exit returns the value, hides the store from work created inside, and the
	// store comes back when it returns or throws
	@Test
	void exitReturnsTheValueHidesTheStoreFromWorkCreatedInsideAndRestoresIt() {
		AtomicReference<AsyncResource> createdInExit = new AtomicReference<>();
		this.storage.run("outer", () -> {
			String value = this.storage.exit(() -> {
				createdInExit.set(new AsyncResource("IN_EXIT"));
				return "exit:" + this.storage.getStore();
			});
			assertThat(value).isEqualTo("exit:null");
			assertThatIllegalStateException().isThrownBy(() -> this.storage.exit(() -> {
				throw new IllegalStateException("in exit");
			}));
			assertThat(this.storage.getStore()).isEqualTo("outer");
		});
		String inResource = this.storage.run("caller",
				() -> createdInExit.get().runInAsyncScope(this.storage::getStore));
		createdInExit.get().emitDestroy();
		assertThat(inResource).isNull();
	}

	// R60, SPEC rule 17: a resource created inside run carries the store into its
	// callbacks on another thread after run has returned
	@Test
	void resourceCreatedInsideRunCarriesTheStoreToAnotherThreadAfterRunReturned() throws Exception {
		AsyncResource resource = this.storage.run("request-42", () -> new AsyncResource("WORK"));
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			String seen = pool.submit(() -> resource.runInAsyncScope(this.storage::getStore)).get(10, TimeUnit.SECONDS);
			assertThat(seen).isEqualTo("request-42");
		}
		finally {
			pool.shutdownNow();
			resource.emitDestroy();
		}
	}

	// R63: enterWith ends with the callback that made it
	// SPEC rule 17: a pooled thread never keeps a store after a task ends
	@Test
	void pooledThreadDoesNotKeepTheStoreOfAPreviousTask() throws Exception {
		AsyncResource first = this.storage.run("first", () -> new AsyncResource("TASK"));
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			List<String> seen = pool.submit(() -> {
				List<String> stores = new ArrayList<>();
				first.runInAsyncScope(() -> {
					stores.add(this.storage.getStore());
					this.storage.enterWith("entered in task");
					stores.add(this.storage.getStore());
				});
				return stores;
			}).get(10, TimeUnit.SECONDS);
			String next = pool.submit(this.storage::getStore).get(10, TimeUnit.SECONDS);
			assertThat(seen).containsExactly("first", "entered in task");
			assertThat(next).isNull();
		}
		finally {
			pool.shutdownNow();
			first.emitDestroy();
		}
	}

	// getStore() remembers the last stores read on a thread: nothing read there may
	// outlive
	// the context it was read in, whatever the order of reads and changes
	@Test
	void storesReadInTurnFollowEveryChangeOfTheContext() {
		AsyncLocalStorage<String> second = new AsyncLocalStorage<>();
		AsyncLocalStorage<String> third = new AsyncLocalStorage<>();
		List<String> seen = new ArrayList<>();
		Runnable read = () -> seen.add(this.storage.getStore() + "/" + second.getStore() + "/" + third.getStore() + "/"
				+ second.getStore() + "/" + this.storage.getStore());
		AsyncResource task = this.storage.run("a", () -> second.run("b", () -> new AsyncResource("TASK")));
		this.storage.run("1", () -> {
			read.run();
			second.run("2", () -> {
				read.run();
				third.run("3", read);
				read.run();
				task.runInAsyncScope(read);
				read.run();
				this.storage.exit(read);
			});
			read.run();
		});
		read.run();
		task.runInAsyncScope(() -> {
			second.enterWith("entered");
			read.run();
			second.disable();
			read.run();
		});
		task.emitDestroy();
		assertThat(seen).containsExactly("1/null/null/null/1", "1/2/null/2/1", "1/2/3/2/1", "1/2/null/2/1",
				"a/b/null/b/a", "1/2/null/2/1", "null/2/null/2/null", "1/null/null/null/1", "null/null/null/null/null",
				"a/entered/null/entered/a", "a/null/null/null/a");
	}

	// a store read inside a task is not kept reachable by the pooled thread after it
	@Test
	void pooledThreadDoesNotKeepAStoreReadInAPreviousTask() throws Exception {
		AsyncLocalStorage<Object> objects = new AsyncLocalStorage<>();
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			WeakReference<Object> read = pool.submit(() -> {
				Object store = new Object();
				AsyncResource task = objects.run(store, () -> new AsyncResource("TASK"));
				task.runInAsyncScope(() -> objects.getStore());
				task.emitDestroy();
				return new WeakReference<>(store);
			}).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
				System.gc();
				return read.get() == null;
			});
		}
		finally {
			pool.shutdownNow();
		}
	}

	// R63, SPEC rule 18: test-async-local-storage-enter-with.js. Inside a callback,
	// enterWith sets the store for the rest of it and for resources created after it,
	// not for callbacks scheduled earlier, and ends with the callback.
	@Test
	void enterWithInsideACallbackLastsUntilItEndsAndPropagatesToLaterWork() {
		AsyncResource immediate = new AsyncResource("Immediate");
		AsyncResource siblingTimeout = new AsyncResource("Timeout");
		AtomicReference<AsyncResource> innerTimeout = new AtomicReference<>();
		List<String> seen = new ArrayList<>();
		immediate.runInAsyncScope(() -> {
			this.storage.enterWith("s");
			seen.add("immediate: " + this.storage.getStore());
			innerTimeout.set(new AsyncResource("Timeout"));
		});
		seen.add("after immediate: " + this.storage.getStore());
		innerTimeout.get().runInAsyncScope(() -> seen.add("inner timeout: " + this.storage.getStore()));
		siblingTimeout.runInAsyncScope(() -> seen.add("sibling timeout: " + this.storage.getStore()));
		List.of(immediate, siblingTimeout, innerTimeout.get()).forEach(AsyncResource::emitDestroy);
		assertThat(seen).containsExactly("immediate: s", "after immediate: null", "inner timeout: s",
				"sibling timeout: null");
	}

	// R63, SPEC rule 18: on a thread with no frame the store stays until changed, also
	// after the call that entered it returns (Node's enterWith in an event listener)
	@Test
	void enterWithOnAThreadWithNoFrameStaysUntilChanged() throws Exception {
		List<String> seen = new ArrayList<>();
		Thread thread = new Thread(() -> {
			enter(this.storage, "first");
			seen.add(this.storage.getStore());
			AsyncResource created = new AsyncResource("CREATED");
			this.storage.enterWith("second");
			seen.add(this.storage.getStore());
			seen.add(created.runInAsyncScope(this.storage::getStore));
			seen.add(this.storage.getStore());
			created.emitDestroy();
		});
		thread.start();
		thread.join(10_000);
		assertThat(seen).containsExactly("first", "second", "first", "second");
	}

	private static void enter(AsyncLocalStorage<String> storage, String store) {
		storage.enterWith(store);
	}

	// R64, SPEC rule 19: test-async-local-storage-enable-disable.js
	@Test
	void disableHidesEveryStoreAlsoInWorkScheduledBeforeAndLaterRunsWorkAgain() {
		AsyncLocalStorage<String> other = new AsyncLocalStorage<>();
		List<String> seen = new ArrayList<>();
		AtomicReference<AsyncResource> scheduledBefore = new AtomicReference<>();
		AtomicReference<AsyncResource> scheduledAfter = new AtomicReference<>();
		AsyncResource tick = other.run("other", () -> this.storage.run("foo", () -> new AsyncResource("TickObject")));
		tick.runInAsyncScope(() -> {
			scheduledBefore.set(new AsyncResource("TickObject"));
			this.storage.disable();
			seen.add("after disable: " + this.storage.getStore());
			this.storage.exit(() -> seen.add("in exit: " + this.storage.getStore()));
			seen.add("after exit: " + this.storage.getStore());
			seen.add("other: " + other.getStore());
			scheduledAfter.set(this.storage.run("bar", () -> new AsyncResource("TickObject")));
		});
		scheduledBefore.get().runInAsyncScope(() -> seen.add("scheduled before: " + this.storage.getStore()));
		scheduledAfter.get().runInAsyncScope(() -> seen.add("run again: " + this.storage.getStore()));
		AsyncResource later = new AsyncResource("TickObject");
		later.runInAsyncScope(() -> {
			this.storage.enterWith("entered again");
			seen.add("enterWith again: " + this.storage.getStore());
		});
		List.of(tick, scheduledBefore.get(), scheduledAfter.get(), later).forEach(AsyncResource::emitDestroy);
		assertThat(seen).containsExactly("after disable: null", "in exit: null", "after exit: null", "other: other",
				"scheduled before: null", "run again: bar", "enterWith again: entered again");
	}

	// R64: once disabled, the instance can be garbage-collected, even while work that
	// captured its store is still alive
	@Test
	void disabledStorageCanBeGarbageCollected() {
		AsyncLocalStorage<String> doomed = new AsyncLocalStorage<>();
		AsyncResource keptAlive = doomed.run("store", () -> new AsyncResource("KEPT"));
		doomed.disable();
		WeakReference<AsyncLocalStorage<String>> reference = new WeakReference<>(doomed);
		doomed = null;
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			System.gc();
			return reference.get() == null;
		});
		assertThat(keptAlive.runInAsyncScope(this.storage::getStore)).isNull();
		keptAlive.emitDestroy();
	}

	// R65, SPEC rule 20: test-async-local-storage-snapshot.js and -bind.js
	@Test
	void snapshotAndBindRunInTheCapturedContextWhichWinsOverTheCallers() throws Exception {
		AsyncLocalStorage<Integer> numbers = new AsyncLocalStorage<>();
		AsyncLocalStorage.Snapshot runInScope = numbers.run(123,
				() -> this.storage.run("captured", () -> AsyncLocalStorage.snapshot()));
		Function<Integer, String> bound = numbers.run(7, () -> AsyncLocalStorage
			.bind((Integer offset) -> this.storage.getStore() + ":" + (numbers.getStore() + offset)));
		List<String> seen = new ArrayList<>();
		numbers.run(321, () -> this.storage.run("caller", () -> {
			seen.add(runInScope.run(() -> numbers.getStore() + " " + this.storage.getStore()));
			runInScope.run(() -> {
				seen.add("runnable " + numbers.getStore());
			});
			seen.add(bound.apply(1));
			seen.add(numbers.getStore() + " " + this.storage.getStore());
		}));
		assertThat(seen).containsExactly("123 captured", "runnable 123", "null:8", "321 caller");
		assertThat(AsyncLocalStorage.bind((Supplier<Integer>) () -> 123).get()).isEqualTo(123);
	}

	// R66: test-async-local-storage-deep-stack.js, 1000 nested runs
	@Test
	void aThousandNestedRunsRestoreTheStoreAtEachLevel() {
		AsyncLocalStorage<Integer> depth = new AsyncLocalStorage<>();
		List<String> mismatches = new ArrayList<>();
		nest(depth, 1000, mismatches);
		assertThat(mismatches).isEmpty();
		assertThat(depth.getStore()).isNull();
	}

	private static void nest(AsyncLocalStorage<Integer> depth, int n, List<String> mismatches) {
		depth.run(n, () -> {
			if (!Integer.valueOf(n).equals(depth.getStore())) {
				mismatches.add("level " + n + " before: " + depth.getStore());
			}
			if (n > 0) {
				nest(depth, n - 1, mismatches);
			}
			if (!Integer.valueOf(n).equals(depth.getStore())) {
				mismatches.add("level " + n + " after: " + depth.getStore());
			}
		});
	}

	// R66: test-async-local-storage-exit-does-not-leak.js
	@Test
	void aHundredRoundsOfRunThenExitLeaveNoStoreBehind() {
		List<String> leaks = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			String round = "round " + i;
			this.storage.run(round, () -> this.storage.exit(() -> {
				if (this.storage.getStore() != null) {
					leaks.add(round + " in exit");
				}
			}));
			if (this.storage.getStore() != null) {
				leaks.add(round + " after");
			}
		}
		assertThat(leaks).isEmpty();
	}

	// R67, SPEC rule 12: an AsyncResource captures the context when it is constructed
	@Test
	void asyncResourceCapturesTheContextAtConstructionAndRestoresItWhenRun() {
		AsyncResource resource = this.storage.run("A", () -> new AsyncResource("x"));
		List<String> seen = new ArrayList<>();
		this.storage.run("B", () -> {
			seen.add(resource.runInAsyncScope(this.storage::getStore));
			seen.add(this.storage.getStore());
		});
		seen.add(resource.runInAsyncScope(this.storage::getStore));
		resource.emitDestroy();
		assertThat(seen).containsExactly("A", "B", "A");
	}

	// node-traces/t6_als.js, line for line, without the promise line ("then sees: A",
	// R61, covered by the promise integration). Timers are AsyncResources of type
	// "Timeout", run in the order Node fires them.
	@Test
	void asyncLocalStorageGivesTheOutputOfNodeTraceT6() {
		AsyncLocalStorage<String> als = new AsyncLocalStorage<>();
		List<String> log = new ArrayList<>();
		AtomicReference<AsyncResource> timer = new AtomicReference<>();
		log.add("outside: " + als.getStore());
		String arg = "arg";
		int r = als.run("A", () -> {
			log.add("in run: " + als.getStore() + " arg=" + arg);
			timer.set(new AsyncResource("Timeout"));
			als.run("B", () -> {
				log.add("nested: " + als.getStore());
			});
			log.add("after nested: " + als.getStore());
			als.exit(() -> {
				log.add("in exit: " + als.getStore());
			});
			log.add("after exit: " + als.getStore());
			return 42;
		});
		log.add("run returned " + r + ", outside again: " + als.getStore());
		try {
			als.run("C", () -> {
				throw new IllegalStateException("x");
			});
		}
		catch (IllegalStateException ex) {
			log.add("after throw: " + als.getStore());
		}
		AsyncResource enterWithTimer = new AsyncResource("Timeout");
		AsyncResource siblingTimer = new AsyncResource("Timeout");
		AsyncLocalStorage.Snapshot snap = als.run("S", () -> AsyncLocalStorage.snapshot());
		log.add("snapshot: " + snap.run(als::getStore));
		Supplier<String> bound = als.run("BD", () -> AsyncLocalStorage.bind((Supplier<String>) als::getStore));
		log.add("bind: " + bound.get());
		AsyncResource disableTimer = new AsyncResource("Timeout");
		AtomicReference<AsyncResource> propagatedTimer = new AtomicReference<>();
		timer.get().runInAsyncScope(() -> log.add("timer sees: " + als.getStore()));
		enterWithTimer.runInAsyncScope(() -> {
			als.enterWith("E");
			log.add("enterWith: " + als.getStore());
			propagatedTimer.set(new AsyncResource("Timeout"));
		});
		siblingTimer.runInAsyncScope(() -> log.add("sibling timer not affected: " + als.getStore()));
		propagatedTimer.get().runInAsyncScope(() -> log.add("enterWith propagates: " + als.getStore()));
		disableTimer.runInAsyncScope(() -> als.run("D", () -> {
			als.disable();
			log.add("after disable: " + als.getStore());
			als.run("R", () -> {
				log.add("run after disable: " + als.getStore());
			});
		}));
		List.of(timer.get(), enterWithTimer, siblingTimer, propagatedTimer.get(), disableTimer)
			.forEach(AsyncResource::emitDestroy);
		assertThat(log).containsExactly("outside: null", "in run: A arg=arg", "nested: B", "after nested: A",
				"in exit: null", "after exit: A", "run returned 42, outside again: null", "after throw: null",
				"snapshot: S", "bind: BD", "timer sees: A", "enterWith: E", "sibling timer not affected: null",
				"enterWith propagates: E", "after disable: null", "run after disable: R");
	}

}
