package dev.asynchooks.live;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.live.LiveResources.Forest;
import dev.asynchooks.live.LiveResources.Node;
import dev.asynchooks.live.LiveResources.ParentLink;
import dev.asynchooks.live.LiveResources.TypeStatistics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The live-resource registry: states, trees, the cap, garbage collection and concurrency.
 * Other tests' pools may create resources while a registry is enabled, so each test looks
 * at the trees under resources it made.
 */
@ExtendWith(CleanEngine.class)
class LiveResourcesTests {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final List<AsyncResource> made = new ArrayList<>();

	private @Nullable LiveResources live;

	@AfterEach
	void cleanUp() {
		this.made.forEach(AsyncResource::emitDestroy);
		if (this.live != null) {
			this.live.hook().disable();
		}
	}

	@Test
	void serverThatNeverRunsIsListening() {
		LiveResources live = start(new LiveResources());
		AsyncResource server = manual(ResourceTypes.TCPSERVERWRAP);
		assertThat(live.resource(server.asyncId()))
			.hasValueSatisfying((view) -> assertThat(view.state()).isEqualTo(LiveResource.State.LISTENING));
	}

	@Test
	void ancestorsAreReadOnlyAsFarAsTheLimit() {
		LiveResources live = start(new LiveResources());
		long trigger = 1;
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			AsyncResource link = manual("LINK", trigger);
			ids.add(link.asyncId());
			trigger = link.asyncId();
		}
		assertThat(live.ancestors(trigger, 3)).extracting(LiveResource::asyncId)
			.containsExactly(ids.get(8), ids.get(7), ids.get(6));
		assertThat(live.ancestors(trigger, 0)).isEmpty();
		assertThat(live.ancestors(trigger)).hasSize(9);
		assertThat(live.ancestors(trigger, 100)).hasSize(9);
		assertThatIllegalArgumentException().isThrownBy(() -> live.ancestors(1, -1));
	}

	@Test
	void typeFilterIgnoresCase() {
		LiveResources live = start(new LiveResources());
		AsyncResource resource = manual("MixedCase_Type");
		assertThat(live.forest(ParentLink.TRIGGER, "mixedcase_type", 10).nodes())
			.extracting((node) -> node.resource().asyncId())
			.containsExactly(resource.asyncId());
	}

	@Test
	void resourceGoesFromPendingToRunningToWaitingAndLeavesOnDestroy() throws Exception {
		LiveResources live = start(new LiveResources());
		AsyncResource resource = manual("STATES");
		long id = resource.asyncId();
		assertThat(live.resource(id)).hasValueSatisfying((view) -> {
			assertThat(view.type()).isEqualTo("STATES");
			assertThat(view.state()).isEqualTo(LiveResource.State.PENDING);
			assertThat(view.runs()).isZero();
			assertThat(view.thread()).isNull();
			assertThat(view.triggerAsyncId()).isEqualTo(1);
			assertThat(view.executionAsyncId()).isEqualTo(1);
			assertThat(view.description()).isNull();
		});
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = new Thread(() -> resource.runInAsyncScope(() -> {
			running.countDown();
			awaitLatch(release);
		}), "registry-runner");
		thread.start();
		running.await();
		assertThat(live.resource(id)).hasValueSatisfying((view) -> {
			assertThat(view.state()).isEqualTo(LiveResource.State.RUNNING);
			assertThat(view.thread()).isEqualTo("registry-runner");
			assertThat(view.runs()).isEqualTo(1);
		});
		release.countDown();
		thread.join();
		assertThat(live.resource(id)).hasValueSatisfying((view) -> {
			assertThat(view.state()).isEqualTo(LiveResource.State.WAITING);
			assertThat(view.thread()).isNull();
			assertThat(view.runs()).isEqualTo(1);
		});
		resource.runInAsyncScope(() -> {
		});
		assertThat(live.resource(id)).map(LiveResource::runs).contains(2);
		resource.emitDestroy();
		assertThat(live.resource(id)).isEmpty();
		TypeStatistics statistics = statistics(live, "STATES");
		assertThat(statistics.created()).isEqualTo(1);
		assertThat(statistics.destroyed()).isEqualTo(1);
		assertThat(statistics.active()).isZero();
		assertThat(statistics.queueWaitCount()).isEqualTo(1);
		assertThat(statistics.runCount()).isEqualTo(2);
		assertThat(statistics.lifetimeCount()).isEqualTo(1);
		assertThat(statistics.lifetimeNanos()).isPositive();
	}

	@Test
	void resourceCreatedBeforeTheHookWasEnabledIsNotTracked() {
		AsyncResource before = manual("EARLY");
		LiveResources live = start(new LiveResources());
		before.runInAsyncScope(() -> {
		});
		before.emitDestroy();
		assertThat(live.resource(before.asyncId())).isEmpty();
		assertThat(live.types()).extracting(TypeStatistics::type).doesNotContain("EARLY");
	}

	@Test
	void describedResourceShowsItsDescriptionAndDetailsWhenRendered() {
		LiveResources live = start(new LiveResources());
		Described resource = new Described("GET /orders/{id}", "GET /orders/42?token=secret");
		this.made.add(resource);
		assertThat(live.resource(resource.asyncId())).hasValueSatisfying((view) -> {
			assertThat(view.description()).isEqualTo("GET /orders/{id}");
			assertThat(view.details()).isEqualTo("GET /orders/42?token=secret");
		});
		resource.description = "GET /orders/{id}/lines";
		assertThat(live.resource(resource.asyncId())).map(LiveResource::description).contains("GET /orders/{id}/lines");
	}

	@Test
	void forestFollowsTriggersOrExecutionContexts() {
		LiveResources live = start(new LiveResources());
		// request(a) creates task(b) inside itself; b is triggered by a and created in a;
		// c is created inside b but triggered by a (explicit trigger)
		AsyncResource a = manual("REQUEST");
		AsyncResource[] inner = new AsyncResource[2];
		a.runInAsyncScope(() -> {
			inner[0] = manual("TASK");
			inner[0].runInAsyncScope(() -> inner[1] = manual("TIMER", a.asyncId()));
		});
		AsyncResource b = inner[0];
		AsyncResource c = inner[1];
		Forest byTrigger = live.tree(a.asyncId(), ParentLink.TRIGGER, 100).orElseThrow();
		assertThat(shape(byTrigger.nodes())).containsExactly("REQUEST(" + a.asyncId() + ") trigger: 1 execution: 1",
				"  TASK(" + b.asyncId() + ") trigger: " + a.asyncId() + " execution: " + a.asyncId(),
				"  TIMER(" + c.asyncId() + ") trigger: " + a.asyncId() + " execution: " + b.asyncId());
		assertThat(byTrigger.matched()).isEqualTo(3);
		assertThat(byTrigger.truncated()).isFalse();
		Forest byExecution = live.tree(a.asyncId(), ParentLink.EXECUTION, 100).orElseThrow();
		assertThat(shape(byExecution.nodes())).containsExactly("REQUEST(" + a.asyncId() + ") trigger: 1 execution: 1",
				"  TASK(" + b.asyncId() + ") trigger: " + a.asyncId() + " execution: " + a.asyncId(),
				"    TIMER(" + c.asyncId() + ") trigger: " + a.asyncId() + " execution: " + b.asyncId());
		Forest all = live.forest(ParentLink.TRIGGER, null, 10_000);
		assertThat(all.nodes()).anySatisfy((node) -> assertThat(node.resource().asyncId()).isEqualTo(a.asyncId()));
		assertThat(all.nodes()).noneSatisfy((node) -> assertThat(node.resource().asyncId()).isEqualTo(b.asyncId()));
		assertThat(live.ancestors(c.asyncId())).extracting(LiveResource::asyncId).containsExactly(a.asyncId());
		a.emitDestroy();
		// a destroyed resource's children become top-level nodes
		Forest orphans = live.forest(ParentLink.TRIGGER, null, 10_000);
		assertThat(orphans.nodes()).extracting((node) -> node.resource().asyncId()).contains(b.asyncId(), c.asyncId());
		assertThat(live.ancestors(c.asyncId())).isEmpty();
	}

	@Test
	void typeGivesAFlatListAndLimitTruncates() {
		LiveResources live = start(new LiveResources());
		AsyncResource root = manual("FLAT_ROOT");
		List<Long> ids = new ArrayList<>();
		root.runInAsyncScope(() -> {
			for (int i = 0; i < 5; i++) {
				ids.add(manual("FLAT_LEAF").asyncId());
			}
		});
		Forest flat = live.forest(ParentLink.TRIGGER, "FLAT_LEAF", 3);
		assertThat(flat.nodes()).extracting((node) -> node.resource().asyncId())
			.containsExactlyElementsOf(ids.subList(0, 3));
		assertThat(flat.nodes()).allSatisfy((node) -> assertThat(node.children()).isEmpty());
		assertThat(flat.matched()).isEqualTo(5);
		assertThat(flat.included()).isEqualTo(3);
		assertThat(flat.truncated()).isTrue();
		Forest limited = live.tree(root.asyncId(), ParentLink.TRIGGER, 4).orElseThrow();
		assertThat(shape(limited.nodes())).hasSize(4);
		assertThat(limited.matched()).isEqualTo(6);
		assertThat(limited.truncated()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> live.forest(ParentLink.TRIGGER, null, 0));
	}

	@Test
	void chainDeeperThanTheMaximumDepthStartsNewTopLevelNodesAndLosesNothing() {
		LiveResources live = start(new LiveResources());
		AsyncResource first = manual("CHAIN");
		long trigger = first.asyncId();
		int length = LiveResources.MAX_DEPTH * 2 + 5;
		for (int i = 1; i < length; i++) {
			trigger = manual("CHAIN", trigger).asyncId();
		}
		Forest tree = live.tree(first.asyncId(), ParentLink.TRIGGER, 10_000).orElseThrow();
		assertThat(tree.nodes()).hasSize(3);
		assertThat(tree.matched()).isEqualTo(length);
		assertThat(tree.included()).isEqualTo(length);
		assertThat(shape(tree.nodes())).hasSize(length);
		assertThat(depth(tree.nodes().get(0))).isEqualTo(LiveResources.MAX_DEPTH);
	}

	@Test
	void cycleOfExplicitTriggersIsStillRendered() {
		LiveResources live = start(new LiveResources());
		AsyncResource first = null;
		AsyncResource second = null;
		// ids are consecutive on a thread within a block: first is triggered by the id
		// that second gets, second by first (retried when a block boundary intervenes)
		for (int attempt = 0; attempt < 10 && second == null; attempt++) {
			long probe = manual("CYCLE_PROBE").asyncId();
			AsyncResource candidate = manual("CYCLE", probe + 2);
			AsyncResource next = manual("CYCLE", candidate.asyncId());
			if (candidate.asyncId() == probe + 1 && next.asyncId() == probe + 2) {
				first = candidate;
				second = next;
			}
		}
		assertThat(second).isNotNull();
		long a = first.asyncId();
		long b = second.asyncId();
		assertThat(live.ancestors(a)).extracting(LiveResource::asyncId).containsExactly(b);
		assertThat(live.ancestors(b)).extracting(LiveResource::asyncId).containsExactly(a);
		Forest all = live.forest(ParentLink.TRIGGER, null, 100_000);
		assertThat(all.included()).isEqualTo(all.matched());
		assertThat(shape(all.nodes())).contains("CYCLE(" + a + ") trigger: " + b + " execution: 1",
				"  CYCLE(" + b + ") trigger: " + a + " execution: 1");
	}

	@Test
	void pastTheCapResourcesAreCountedAsDropped() {
		LiveResources live = start(new LiveResources(2));
		AsyncResource first = manual("CAPPED");
		AsyncResource second = manual("CAPPED");
		AsyncResource third = manual("CAPPED");
		assertThat(live.resource(first.asyncId())).isPresent();
		assertThat(live.resource(second.asyncId())).isPresent();
		assertThat(live.resource(third.asyncId())).isEmpty();
		TypeStatistics statistics = statistics(live, "CAPPED");
		assertThat(statistics.created()).isEqualTo(3);
		assertThat(statistics.active()).isEqualTo(2);
		assertThat(statistics.dropped()).isEqualTo(1);
		assertThat(live.dropped()).isEqualTo(1);
		first.emitDestroy();
		third.emitDestroy();
		assertThat(statistics.destroyed()).isEqualTo(1);
		// a dropped resource's destroy is not counted, and it was never active
		assertThat(statistics.active()).isEqualTo(1);
		AsyncResource fourth = manual("CAPPED");
		assertThat(live.resource(fourth.asyncId())).isPresent();
		assertThat(statistics.active()).isEqualTo(2);
	}

	@Test
	void onOneThreadTheCapIsExactPastTheInitsBetweenTwoReadsOfTheCount() {
		LiveResources live = start(new LiveResources(100));
		List<AsyncResource> resources = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			resources.add(manual("CAPPED_MANY"));
		}
		TypeStatistics statistics = statistics(live, "CAPPED_MANY");
		assertThat(resources.subList(0, 100))
			.allSatisfy((resource) -> assertThat(live.resource(resource.asyncId())).isPresent());
		assertThat(resources.subList(100, 150))
			.allSatisfy((resource) -> assertThat(live.resource(resource.asyncId())).isEmpty());
		assertThat(statistics.active()).isEqualTo(100);
		assertThat(statistics.dropped()).isEqualTo(50);
		// room for ten: exactly ten of the next twenty are tracked
		resources.subList(0, 10).forEach(AsyncResource::emitDestroy);
		List<AsyncResource> more = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			more.add(manual("CAPPED_MANY"));
		}
		assertThat(more.subList(0, 10))
			.allSatisfy((resource) -> assertThat(live.resource(resource.asyncId())).isPresent());
		assertThat(more.subList(10, 20))
			.allSatisfy((resource) -> assertThat(live.resource(resource.asyncId())).isEmpty());
		assertThat(statistics.created()).isEqualTo(170);
		assertThat(statistics.active()).isEqualTo(100);
		assertThat(statistics.dropped()).isEqualTo(60);
		assertThat(live.tracked()).isEqualTo(100);
	}

	@Test
	void twoThreadsCreatingAtOncePassTheCapByAtMostTheirInitsBetweenReadsAndCountExactly() throws Exception {
		int cap = 1_000;
		int perThread = 1_500;
		LiveResources live = start(new LiveResources(cap));
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<List<AsyncResource>>> futures = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				futures.add(pool.submit(() -> {
					List<AsyncResource> created = new ArrayList<>();
					barrier.await();
					for (int i = 0; i < perThread; i++) {
						created.add(new AsyncResource("CAPPED_TWO", MANUAL));
					}
					return created;
				}));
			}
			List<AsyncResource> all = new ArrayList<>();
			for (Future<List<AsyncResource>> future : futures) {
				all.addAll(future.get(60, TimeUnit.SECONDS));
			}
			TypeStatistics statistics = statistics(live, "CAPPED_TWO");
			long tracked = all.stream().filter((resource) -> live.resource(resource.asyncId()).isPresent()).count();
			assertThat(statistics.created()).isEqualTo(2 * perThread);
			assertThat(statistics.active()).isEqualTo(tracked);
			assertThat(statistics.dropped()).isEqualTo(2 * perThread - tracked);
			// each thread adds at most 64 past what it last read: the other thread's
			// at most 64 are all the cap can be passed by
			assertThat(tracked).isBetween((long) cap, (long) cap + ResourceTable.SIZE_READS);
			// destroyed on the other thread: the counts are exact after quiescence, and
			// each thread finds the room again
			Future<?> destroyed = pool.submit(() -> all.forEach(AsyncResource::emitDestroy));
			destroyed.get(60, TimeUnit.SECONDS);
			assertThat(statistics.destroyed()).isEqualTo(tracked);
			assertThat(statistics.active()).isZero();
			assertThat(live.tracked()).isZero();
			for (int t = 0; t < 2; t++) {
				AsyncResource again = pool.submit(() -> new AsyncResource("CAPPED_TWO", MANUAL))
					.get(60, TimeUnit.SECONDS);
				this.made.add(again);
				assertThat(live.resource(again.asyncId())).isPresent();
			}
			assertThat(statistics.active()).isEqualTo(2);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void typeListenerSeesEachTypeOnceWhenItsFirstResourceIsCreated() {
		LiveResources live = start(new LiveResources());
		List<String> seen = new ArrayList<>();
		Runnable remove = live.onType((statistics) -> seen.add(statistics.type() + "=" + statistics.created()));
		manual("LISTENED");
		manual("LISTENED");
		remove.run();
		manual("NOT_LISTENED");
		assertThat(seen).containsOnlyOnce("LISTENED=0");
		assertThat(seen).noneMatch((entry) -> entry.startsWith("NOT_LISTENED"));
	}

	@Test
	void droppedResourceIsStillDestroyedByGarbageCollectionAndLeavesTheRegistry() {
		LiveResources live = start(new LiveResources());
		long[] id = new long[1];
		WeakReference<AsyncResource> reference = createUnreferenced(id);
		assertThat(live.resource(id[0])).isPresent();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
			System.gc();
			return reference.get() == null && live.resource(id[0]).isEmpty();
		});
		assertThat(statistics(live, "GC_TRACKED").destroyed()).isEqualTo(1);
	}

	@Test
	void concurrentEventsLeaveTheRegistryConsistent() throws Exception {
		LiveResources live = start(new LiveResources());
		int threads = 8;
		int perThread = 2_000;
		CyclicBarrier barrier = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			AtomicReference<AsyncResource> shared = new AtomicReference<>(manual("SHARED"));
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					barrier.await();
					for (int i = 0; i < perThread; i++) {
						AsyncResource resource = new AsyncResource("CONCURRENT", MANUAL);
						if (ThreadLocalRandom.current().nextBoolean()) {
							resource.runInAsyncScope(() -> shared.get().runInAsyncScope(() -> {
							}));
						}
						resource.emitDestroy();
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdown();
		}
		TypeStatistics statistics = statistics(live, "CONCURRENT");
		assertThat(statistics.created()).isEqualTo(threads * perThread);
		assertThat(statistics.destroyed()).isEqualTo(threads * perThread);
		assertThat(statistics.active()).isZero();
		assertThat(live.forest(ParentLink.TRIGGER, "CONCURRENT", 10)).satisfies((forest) -> {
			assertThat(forest.matched()).isZero();
			assertThat(forest.nodes()).isEmpty();
		});
		AsyncResource shared = this.made.get(0);
		assertThat(live.resource(shared.asyncId())).hasValueSatisfying((view) -> {
			assertThat(view.state()).isEqualTo(LiveResource.State.WAITING);
			assertThat(view.thread()).isNull();
			// each run of a CONCURRENT resource ran the shared one inside it once
			assertThat(view.runs()).isEqualTo((int) statistics.runCount());
			assertThat(statistics(live, "SHARED").runCount()).isEqualTo(statistics.runCount());
		});
	}

	@Test
	void countsOfThreadsThatEndedAreKeptAndTheirThreadsForgotten() throws Exception {
		LiveResources live = start(new LiveResources());
		int threads = 100;
		for (int t = 0; t < threads; t++) {
			// each thread counts on its own, then ends: a virtual thread per task, or a
			// pool that replaces its threads
			Thread thread = new Thread(() -> {
				AsyncResource resource = new AsyncResource("SHORT_LIVED", MANUAL);
				resource.runInAsyncScope(() -> {
				});
				resource.emitDestroy();
			});
			thread.start();
			thread.join();
		}
		TypeStatistics statistics = statistics(live, "SHORT_LIVED");
		assertThat(statistics.created()).isEqualTo(threads);
		assertThat(statistics.destroyed()).isEqualTo(threads);
		assertThat(statistics.runCount()).isEqualTo(threads);
		assertThat(statistics.queueWaitCount()).isEqualTo(threads);
		assertThat(statistics.lifetimeCount()).isEqualTo(threads);
		assertThat(statistics.active()).isZero();
		// the counts of the threads that ended were folded in as new threads came
		assertThat(statistics.countingThreads()).isLessThanOrEqualTo(8);
	}

	@Test
	void aResourceCreatedOnOneThreadAndDestroyedOnAnotherIsCountedOnce() throws Exception {
		LiveResources live = start(new LiveResources());
		AsyncResource resource = new AsyncResource("HANDED_OVER", MANUAL);
		Thread thread = new Thread(() -> {
			resource.runInAsyncScope(() -> {
			});
			resource.emitDestroy();
		});
		thread.start();
		thread.join();
		TypeStatistics statistics = statistics(live, "HANDED_OVER");
		assertThat(statistics.created()).isOne();
		assertThat(statistics.destroyed()).isOne();
		assertThat(statistics.runCount()).isOne();
		assertThat(statistics.active()).isZero();
		assertThat(statistics.countingThreads()).isEqualTo(2);
	}

	@Test
	void typesPastTheMaximumAreCountedTogetherButKeepTheirNames() {
		LiveResources live = start(new LiveResources());
		AsyncResource last = null;
		for (int i = 0; i < LiveResources.MAX_TYPES + 4; i++) {
			last = manual("MANY_TYPES_" + i);
		}
		assertThat(live.types()).hasSize(LiveResources.MAX_TYPES + 1);
		assertThat(statistics(live, LiveResources.OTHER_TYPE).created()).isEqualTo(4);
		assertThat(live.resource(last.asyncId())).map(LiveResource::type)
			.contains("MANY_TYPES_" + (LiveResources.MAX_TYPES + 3));
		last.emitDestroy();
		assertThat(statistics(live, LiveResources.OTHER_TYPE).destroyed()).isEqualTo(1);
	}

	@Test
	void runsAreNotTimedWhenTimingIsOff() {
		LiveResources live = start(new LiveResources(100, false));
		AsyncResource resource = manual("UNTIMED");
		resource.runInAsyncScope(() -> assertThat(live.resource(resource.asyncId())).map(LiveResource::state)
			.contains(LiveResource.State.RUNNING));
		resource.runInAsyncScope(() -> {
		});
		assertThat(live.resource(resource.asyncId())).map(LiveResource::runs).contains(2);
		TypeStatistics statistics = statistics(live, "UNTIMED");
		assertThat(statistics.queueWaitCount()).isEqualTo(1);
		assertThat(statistics.runCount()).isZero();
		assertThat(live.timesRuns()).isFalse();
	}

	@Test
	void negativeCapIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LiveResources(-1))
			.withMessageContaining("maxTracked");
	}

	private static WeakReference<AsyncResource> createUnreferenced(long[] id) {
		AsyncResource resource = new AsyncResource("GC_TRACKED");
		id[0] = resource.asyncId();
		return new WeakReference<>(resource);
	}

	private LiveResources start(LiveResources live) {
		this.live = live;
		live.hook().enable();
		return live;
	}

	private AsyncResource manual(String type) {
		AsyncResource resource = new AsyncResource(type, MANUAL);
		this.made.add(resource);
		return resource;
	}

	private AsyncResource manual(String type, long trigger) {
		AsyncResource resource = new AsyncResource(type, MANUAL.withTriggerAsyncId(trigger));
		this.made.add(resource);
		return resource;
	}

	private static TypeStatistics statistics(LiveResources live, String type) {
		return live.types().stream().filter((statistics) -> statistics.type().equals(type)).findFirst().orElseThrow();
	}

	private static List<String> shape(List<Node> nodes) {
		List<String> lines = new ArrayList<>();
		nodes.forEach((node) -> shape(node, "", lines));
		return lines;
	}

	private static void shape(Node node, String indent, List<String> lines) {
		LiveResource resource = node.resource();
		lines.add(indent + resource.type() + "(" + resource.asyncId() + ") trigger: " + resource.triggerAsyncId()
				+ " execution: " + resource.executionAsyncId());
		node.children().forEach((child) -> shape(child, indent + "  ", lines));
	}

	private static int depth(Node node) {
		int depth = 1;
		while (!node.children().isEmpty()) {
			node = node.children().get(0);
			depth++;
		}
		return depth;
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static final class Described extends AsyncResource implements DescribedResource {

		volatile String description;

		private final String details;

		Described(String description, String details) {
			super("DESCRIBED", MANUAL);
			this.description = description;
			this.details = details;
		}

		@Override
		public String asyncDescription() {
			return this.description;
		}

		@Override
		public String asyncDetails() {
			return this.details;
		}

	}

}
