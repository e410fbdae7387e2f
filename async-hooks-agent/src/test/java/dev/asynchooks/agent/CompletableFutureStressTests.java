package dev.asynchooks.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain futures under load under the agent: chains across pools, completed, failed and
 * cancelled from other threads while dependents are registered, then the lifecycle of
 * every promise is checked: one {@code init}, at most one {@code promiseResolve},
 * {@code before}/{@code after} in pairs with the promise as the execution context, one
 * {@code destroy} once settled and nothing after it, and every function saw the stores of
 * the code that registered it.
 */
class CompletableFutureStressTests {

	private static final int THREADS = 4;

	private static final int ROUNDS = 1_500;

	private final AsyncLocalStorage<Integer> owner = new AsyncLocalStorage<>();

	@Test
	void everyPromiseHasOneLifecycleAndEveryFunctionItsRegisteringStores() throws Exception {
		ConcurrentLinkedQueue<long[]> events = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> wrongContext = new ConcurrentLinkedQueue<>();
		// event codes: 0 init, 1 before, 2 after, 3 promiseResolve, 4 destroy; [code, id,
		// execution id]
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (ResourceTypes.PROMISE.equals(type)) {
					events.add(new long[] { 0, asyncId, 0 });
				}
			}

			@Override
			public void before(long asyncId) {
				events.add(new long[] { 1, asyncId, AsyncHooks.executionAsyncId() });
			}

			@Override
			public void after(long asyncId) {
				events.add(new long[] { 2, asyncId, AsyncHooks.executionAsyncId() });
			}

			@Override
			public void promiseResolve(long asyncId) {
				events.add(new long[] { 3, asyncId, 0 });
			}

			@Override
			public void destroy(long asyncId) {
				events.add(new long[] { 4, asyncId, 0 });
			}

		}).enable();
		ExecutorService pool = Executors.newFixedThreadPool(3);
		List<CompletableFuture<?>> all = new ArrayList<>();
		try {
			List<CompletableFuture<List<CompletableFuture<?>>>> workers = new ArrayList<>();
			ExecutorService drivers = Executors.newFixedThreadPool(THREADS);
			for (int t = 0; t < THREADS; t++) {
				int worker = t;
				workers.add(CompletableFuture.supplyAsync(() -> drive(worker, pool, wrongContext), drivers));
			}
			for (CompletableFuture<List<CompletableFuture<?>>> worker : workers) {
				all.addAll(worker.get(120, TimeUnit.SECONDS));
			}
			drivers.shutdown();
			await().atMost(60, TimeUnit.SECONDS).until(() -> all.stream().allMatch(CompletableFuture::isDone));
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		// the last destroy of a run may follow isDone() by a moment
		await().atMost(30, TimeUnit.SECONDS).until(() -> violations(events, false).isEmpty());
		hook.disable();
		assertThat(violations(events, true)).isEmpty();
		assertThat(wrongContext).isEmpty();
		assertThat(events.stream().filter((event) -> event[0] == 0).count()).isGreaterThan(THREADS * ROUNDS * 3L);
	}

	private List<CompletableFuture<?>> drive(int worker, ExecutorService pool, ConcurrentLinkedQueue<String> wrong) {
		List<CompletableFuture<?>> futures = new ArrayList<>();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int round = 0; round < ROUNDS; round++) {
			int id = worker * ROUNDS + round;
			CompletableFuture<Integer> source = new CompletableFuture<>();
			Function<Integer, Integer> check = (value) -> {
				if (!Integer.valueOf(id).equals(this.owner.getStore())) {
					wrong.add(id + " saw " + this.owner.getStore());
				}
				return value + 1;
			};
			List<CompletableFuture<?>> stages = this.owner.run(id, () -> {
				List<CompletableFuture<?>> made = new ArrayList<>();
				CompletableFuture<Integer> a = source.thenApply(check);
				CompletableFuture<Integer> b = source.thenApplyAsync(check, pool);
				CompletableFuture<Integer> c = a
					.thenCompose((value) -> CompletableFuture.supplyAsync(() -> check.apply(value), pool));
				CompletableFuture<Integer> d = b.handle((value, ex) -> (ex != null) ? -1 : check.apply(value));
				CompletableFuture<Integer> e = a.thenCombine(b, (x, y) -> check.apply(x + y));
				CompletableFuture<Integer> f = c.applyToEither(d, check).exceptionally((ex) -> 0);
				CompletableFuture<Void> g = CompletableFuture.allOf(a, b, c, d, e);
				CompletionStage<Integer> h = f.minimalCompletionStage().whenComplete((value, ex) -> {
				});
				made.addAll(List.of(a, b, c, d, e, f, g, h.toCompletableFuture()));
				return made;
			});
			switch (random.nextInt(4)) {
				case 0 -> pool.execute(() -> source.complete(id));
				case 1 -> pool.execute(() -> source.completeExceptionally(new IllegalStateException("expected")));
				case 2 -> {
					pool.execute(() -> source.complete(id));
					stages.get(random.nextInt(stages.size())).cancel(false);
				}
				default -> this.owner.run(-1, () -> source.complete(id));
			}
			futures.add(source);
			futures.addAll(stages);
		}
		return futures;
	}

	private static List<String> violations(ConcurrentLinkedQueue<long[]> events, boolean all) {
		Map<Long, List<long[]>> byId = new HashMap<>();
		for (long[] event : events) {
			byId.computeIfAbsent(event[1], (id) -> new ArrayList<>()).add(event);
		}
		List<String> violations = new ArrayList<>();
		byId.forEach((id, list) -> {
			if (list.get(0)[0] != 0) {
				return; // not a promise
			}
			int resolves = 0;
			int open = 0;
			boolean destroyed = false;
			for (int i = 1; i < list.size(); i++) {
				long[] event = list.get(i);
				if (destroyed) {
					violations.add(id + ": event " + event[0] + " after destroy");
				}
				switch ((int) event[0]) {
					case 0 -> violations.add(id + ": two inits");
					case 1 -> {
						open++;
						if (event[2] != id) {
							violations.add(id + ": before outside its scope");
						}
					}
					case 2 -> {
						open--;
						if (event[2] != id) {
							violations.add(id + ": after outside its scope");
						}
					}
					case 3 -> resolves++;
					default -> {
						destroyed = true;
						if (open != 0) {
							violations.add(id + ": destroyed during a run");
						}
					}
				}
			}
			if (resolves != 1) {
				violations.add(id + ": " + resolves + " promiseResolve");
			}
			if (!destroyed) {
				violations.add(id + ": not destroyed");
			}
		});
		return all ? violations : violations.stream().limit(1).toList();
	}

}
