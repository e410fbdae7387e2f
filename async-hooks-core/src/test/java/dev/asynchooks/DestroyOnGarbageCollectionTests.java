package dev.asynchooks;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Destroy on garbage collection: Node's rule R27 (test-async-hooks-destroy-on-gc.js,
 * -disable-gc-tracking.js, -prevent-double-destroy.js), SPEC rule 10. Each test proves
 * that a resource was collected (its weak reference is cleared) before it asserts that no
 * destroy came, so a "never" is not just "not yet".
 */
@ExtendWith(CleanEngine.class)
class DestroyOnGarbageCollectionTests {

	private static final Duration GC_TIMEOUT = Duration.ofSeconds(20);

	// R27: test-async-hooks-destroy-on-gc.js
	@Test
	void resourceNobodyDestroysIsDestroyedOnTheCleanerThreadWhenCollected() {
		HookRecorder recorder = HookRecorder.startWithoutResources();
		Created resource = createAndRun("GC_ME", AsyncResourceOptions.defaults());
		collectUntil(() -> resource.reference().get() == null && recorder.namesFor(resource.id()).contains("destroy"));
		recorder.close();
		long id = resource.id();
		assertThat(recorder.linesFor(id)).containsExactly("init GC_ME " + id + " trigger=1 eid=1", "before " + id,
				"after " + id, "destroy " + id);
		HookRecorder.Event destroy = destroyOf(recorder, id);
		assertThat(destroy.thread().getName()).isEqualTo("asynchooks-cleaner");
		assertThat(destroy.executionAsyncId()).isEqualTo(1);
	}

	// R27: test-async-hooks-disable-gc-tracking.js, requireManualDestroy: never by GC
	@Test
	void resourceRequiringManualDestroyIsNeverDestroyedWhenCollected() {
		HookRecorder recorder = HookRecorder.startWithoutResources();
		Created manual = createAndRun("MANUAL", AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		Created control = createAndRun("CONTROL", AsyncResourceOptions.defaults());
		collectUntil(() -> manual.reference().get() == null && control.reference().get() == null
				&& recorder.namesFor(control.id()).contains("destroy"));
		recorder.close();
		long id = manual.id();
		assertThat(recorder.linesFor(id)).containsExactly("init MANUAL " + id + " trigger=1 eid=1", "before " + id,
				"after " + id);
	}

	// R27: test-async-hooks-prevent-double-destroy.js, emitDestroy() then collection: one
	// destroy
	@Test
	void resourceDestroyedByHandIsNotDestroyedAgainWhenCollected() {
		HookRecorder recorder = HookRecorder.startWithoutResources();
		Created destroyed = createRunAndDestroy("DESTROYED");
		Created control = createAndRun("CONTROL", AsyncResourceOptions.defaults());
		collectUntil(() -> destroyed.reference().get() == null && control.reference().get() == null
				&& recorder.namesFor(control.id()).contains("destroy"));
		recorder.close();
		long id = destroyed.id();
		assertThat(recorder.linesFor(id)).containsExactly("init DESTROYED " + id + " trigger=1 eid=1", "before " + id,
				"after " + id, "destroy " + id);
		assertThat(destroyOf(recorder, id).thread()).isSameAs(Thread.currentThread());
	}

	// R27: only a resource built while a destroy hook is enabled is tracked, as in Node
	@Test
	void resourceBuiltWhileNoDestroyHookWasEnabledIsNotDestroyedWhenCollected() {
		Created untracked = createAndRun("UNTRACKED", AsyncResourceOptions.defaults());
		HookRecorder recorder = HookRecorder.startWithoutResources();
		Created control = createAndRun("CONTROL", AsyncResourceOptions.defaults());
		collectUntil(() -> untracked.reference().get() == null && control.reference().get() == null
				&& recorder.namesFor(control.id()).contains("destroy"));
		recorder.close();
		assertThat(recorder.linesFor(untracked.id())).isEmpty();
		assertThat(recorder.linesFor(control.id())).containsExactly("init CONTROL " + control.id() + " trigger=1 eid=1",
				"before " + control.id(), "after " + control.id(), "destroy " + control.id());
	}

	// the cleaner thread takes collected resources in batches spread over stripes, and
	// races destroys by hand: every resource still gets exactly one destroy
	@Test
	void manyResourcesCollectedTogetherAreEachDestroyedOnceWhetherByHandOrByCollection() {
		HookRecorder recorder = HookRecorder.startWithoutResources();
		int count = 20_000;
		Set<Long> byHand = new HashSet<>();
		Set<Long> all = new HashSet<>();
		for (int i = 0; i < count; i++) {
			AsyncResource resource = new AsyncResource("MANY");
			all.add(resource.asyncId());
			if (i % 3 == 0) {
				resource.emitDestroy();
				byHand.add(resource.asyncId());
			}
		}
		collectUntil(() -> destroyedIds(recorder).size() >= count);
		recorder.close();
		List<HookRecorder.Event> destroys = recorder.events()
			.stream()
			.filter((event) -> event.name().equals("destroy") && all.contains(event.asyncId()))
			.toList();
		assertThat(destroys).hasSize(count);
		assertThat(destroys.stream().map(HookRecorder.Event::asyncId).distinct()).hasSize(count);
		assertThat(destroys).allSatisfy((event) -> assertThat(event.thread().getName())
			.isEqualTo(byHand.contains(event.asyncId()) ? Thread.currentThread().getName() : "asynchooks-cleaner"));
	}

	// a destroy hook that throws (DISABLE_HOOK policy) does not stop the cleaner thread:
	// the other hooks still get this destroy and every later one
	@Test
	void destroyHookThatThrowsOnTheCleanerThreadDoesNotStopLaterDestroys() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.DISABLE_HOOK);
		AsyncHook failing = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void destroy(long asyncId) {
				throw new IllegalStateException("destroy hook failed on purpose");
			}

		}).enable();
		HookRecorder recorder = HookRecorder.startWithoutResources();
		// the cleaner thread prints while the capture is on
		HookErrorOutput.Captured output = HookErrorOutput.capture(() -> {
			Created first = createAndRun("FIRST", AsyncResourceOptions.defaults());
			collectUntil(() -> recorder.namesFor(first.id()).contains("destroy"));
		});
		assertThat(failing.isEnabled()).isFalse();
		assertThat(output.stderr().lines().findFirst())
			.hasValue("java.lang.IllegalStateException: destroy hook failed on purpose");
		assertThat(output.log()).singleElement().asString().contains("after its destroy callback threw");
		Created second = createAndRun("SECOND", AsyncResourceOptions.defaults());
		collectUntil(() -> recorder.namesFor(second.id()).contains("destroy"));
		recorder.close();
		assertThat(destroyOf(recorder, second.id()).thread().getName()).isEqualTo("asynchooks-cleaner");
	}

	private static Set<Long> destroyedIds(HookRecorder recorder) {
		return recorder.events()
			.stream()
			.filter((event) -> event.name().equals("destroy"))
			.map(HookRecorder.Event::asyncId)
			.collect(Collectors.toSet());
	}

	private static Created createAndRun(String type, AsyncResourceOptions options) {
		AsyncResource resource = new AsyncResource(type, options);
		resource.runInAsyncScope(() -> {
		});
		return new Created(resource.asyncId(), new WeakReference<>(resource));
	}

	private static Created createRunAndDestroy(String type) {
		AsyncResource resource = new AsyncResource(type);
		resource.runInAsyncScope(() -> {
		});
		resource.emitDestroy();
		return new Created(resource.asyncId(), new WeakReference<>(resource));
	}

	private static void collectUntil(BooleanSupplier condition) {
		await().atMost(GC_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
			System.gc();
			return condition.getAsBoolean();
		});
	}

	private static HookRecorder.Event destroyOf(HookRecorder recorder, long id) {
		List<HookRecorder.Event> destroys = recorder.events()
			.stream()
			.filter((event) -> event.name().equals("destroy") && event.asyncId() == id)
			.toList();
		assertThat(destroys).hasSize(1);
		return destroys.get(0);
	}

	/** What a test keeps of a resource: its id, and a reference that does not keep it. */
	private record Created(long id, WeakReference<AsyncResource> reference) {
	}

}
