package dev.asynchooks.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookCallbacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enable and disable racing with events, in loops on several threads. What is guaranteed,
 * and tested here exactly (outside hook callbacks; inside them SPEC rule 6 applies):
 * <ol>
 * <li>An event raised on thread T after {@code enable()} returned on T is delivered to
 * the hook; an event raised on T after {@code disable()} returned on T is not — whatever
 * other threads enable, disable or emit meanwhile.</li>
 * <li>Across threads, the same holds once a happens-before edge links the two (a queue, a
 * latch, a volatile write and read): an event raised on U after U has seen that
 * {@code enable()} (or {@code disable()}) returned on T is delivered (or not).</li>
 * <li>Each dispatch delivers to one generation of the hook list, the one current when it
 * began: if hook A is always enabled before B and disabled after B, every event that
 * reaches B reaches A too, and A first, on the same thread.</li>
 * </ol>
 * An event raised on another thread at the same time as an enable or disable, with no
 * such edge, may or may not be delivered; it is never delivered twice.
 */
@ExtendWith(CleanEngine.class)
class EnableDisableRaceTests {

	private static final int THREADS = 3;

	private static final int ROUNDS = 5_000;

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final Queue<String> violations = new ConcurrentLinkedQueue<>();

	@Test
	void eventsOnAThreadAfterItsEnableReturnedAreDeliveredAndAfterItsDisableReturnedAreNot() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		LongAdder checked = new LongAdder();
		Thread noise = noise(running);
		try {
			StressRun.runConcurrently(THREADS, 1, 7, (random, index) -> {
				OwnThreadRecorder recorder = new OwnThreadRecorder();
				AsyncHook hook = AsyncHooks.createHook(recorder);
				for (int i = 0; i < ROUNDS; i++) {
					hook.enable();
					AsyncResource inside = new AsyncResource("INSIDE", MANUAL);
					inside.runInAsyncScope(Thread::yield);
					inside.emitDestroy();
					hook.disable();
					AsyncResource outside = new AsyncResource("OUTSIDE", MANUAL);
					outside.runInAsyncScope(Thread::yield);
					outside.emitDestroy();
					long id = inside.asyncId();
					List<String> expected = List.of("init " + id, "before " + id, "after " + id, "destroy " + id);
					if (!recorder.events.equals(expected)) {
						this.violations.add("round " + i + " on " + Thread.currentThread().getName() + ": "
								+ recorder.events + " instead of " + expected);
					}
					recorder.events.clear();
					checked.increment();
				}
			});
		}
		finally {
			running.set(false);
			noise.join(30_000);
		}
		assertThat(noise.isAlive()).isFalse();
		assertThat(new ArrayList<>(this.violations)).isEmpty();
		assertThat(checked.sum()).isEqualTo((long) THREADS * ROUNDS);
	}

	@Test
	void eventsOnAnotherThreadAfterItSawTheEnableAreDeliveredAndAfterItSawTheDisableAreNot() throws Exception {
		OwnThreadRecorder recorder = new OwnThreadRecorder();
		AsyncHook hook = AsyncHooks.createHook(recorder);
		SynchronousQueue<String> toEmitter = new SynchronousQueue<>();
		SynchronousQueue<Long> toToggler = new SynchronousQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		Thread noise = noise(running);
		Thread emitter = new Thread(() -> {
			recorder.owner = Thread.currentThread();
			try {
				for (;;) {
					String state = toEmitter.poll(30, TimeUnit.SECONDS);
					if (state == null || state.equals("stop")) {
						return;
					}
					AsyncResource resource = new AsyncResource(state, MANUAL);
					resource.emitDestroy();
					toToggler.put(resource.asyncId());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "emitter");
		emitter.start();
		try {
			for (int i = 0; i < ROUNDS; i++) {
				hook.enable();
				toEmitter.put("ENABLED");
				long enabled = toToggler.take();
				hook.disable();
				toEmitter.put("DISABLED");
				long disabled = toToggler.take();
				// the emitter's recording happened before its put, which happened before
				// the take
				List<String> expected = List.of("init " + enabled, "destroy " + enabled);
				if (!recorder.events.equals(expected)) {
					this.violations.add("round " + i + ": " + recorder.events + " instead of " + expected
							+ " (disabled: " + disabled + ")");
				}
				recorder.events.clear();
			}
		}
		finally {
			toEmitter.offer("stop", 30, TimeUnit.SECONDS);
			emitter.join(30_000);
			running.set(false);
			noise.join(30_000);
			hook.disable();
		}
		assertThat(new ArrayList<>(this.violations)).isEmpty();
	}

	@Test
	void everyDispatchDeliversToOneGenerationOfTheHookList() throws Exception {
		NestedPair pair = new NestedPair();
		AtomicBoolean running = new AtomicBoolean(true);
		LongAdder toggles = new LongAdder();
		Thread toggler = new Thread(() -> {
			while (running.get()) {
				// a yield in each of the three generations (first alone, both, neither)
				// so that dispatches on the other threads begin in each of them
				pair.first.enable();
				Thread.yield();
				pair.second.enable();
				Thread.yield();
				pair.second.disable();
				Thread.yield();
				pair.first.disable();
				toggles.increment();
			}
		}, "toggler");
		toggler.start();
		// the invariant is checked on every dispatch, but it proves something only if
		// dispatches met each generation: go on in batches until they did (a loaded
		// machine may keep the toggler off the processor through a whole batch)
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		int batches = 0;
		try {
			do {
				StressRun.runConcurrently(THREADS, ROUNDS, 11 + batches, (random, index) -> {
					AsyncResource resource = new AsyncResource("R", MANUAL);
					resource.runInAsyncScope(Thread::yield);
					resource.emitDestroy();
				});
				batches++;
			}
			while ((batches < 4 || !pair.metEveryGeneration(toggles)) && System.nanoTime() < deadline);
		}
		finally {
			running.set(false);
			toggler.join(30_000);
		}
		assertThat(toggler.isAlive()).isFalse();
		assertThat(new ArrayList<>(pair.violations)).isEmpty();
		// the race was run: the second hook got events, and the first got events the
		// second did not (a generation with the first alone)
		assertThat(pair.metEveryGeneration(toggles))
			.as("dispatches met every generation in %d batches: %d of the first hook, %d of the second, %d toggles",
					batches, pair.firstCalls.sum(), pair.secondCalls.sum(), toggles.sum())
			.isTrue();
	}

	/** A thread that enables and disables other hooks all the time, to churn the list. */
	private Thread noise(AtomicBoolean running) {
		Thread noise = new Thread(() -> {
			AsyncHook a = AsyncHooks.createHook(new HookCallbacks() {

				@Override
				public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				}

			});
			AsyncHook b = AsyncHooks.createHook(new HookCallbacks() {

				@Override
				public void destroy(long asyncId) {
				}

			});
			while (running.get()) {
				a.enable();
				b.enable();
				a.disable();
				Thread.yield();
				b.disable();
			}
		}, "noise");
		noise.start();
		return noise;
	}

	/**
	 * Records the events raised on one thread (the one that created it, unless set),
	 * ignoring the others; only that thread touches the list.
	 */
	private static final class OwnThreadRecorder implements HookCallbacks {

		volatile Thread owner = Thread.currentThread();

		final List<String> events = new ArrayList<>();

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			record("init", asyncId);
		}

		@Override
		public void before(long asyncId) {
			record("before", asyncId);
		}

		@Override
		public void after(long asyncId) {
			record("after", asyncId);
		}

		@Override
		public void destroy(long asyncId) {
			record("destroy", asyncId);
		}

		private void record(String name, long asyncId) {
			if (Thread.currentThread() == this.owner) {
				this.events.add(name + " " + asyncId);
			}
		}

	}

	/**
	 * Two hooks toggled so that the second is only ever enabled while the first is: in
	 * one dispatch, the second must find that the first was just called, on this thread,
	 * for the same event.
	 */
	private static final class NestedPair {

		final Queue<String> violations = new ConcurrentLinkedQueue<>();

		final LongAdder firstCalls = new LongAdder();

		final LongAdder secondCalls = new LongAdder();

		final ThreadLocal<String> lastOfFirst = new ThreadLocal<>();

		boolean metEveryGeneration(LongAdder toggles) {
			long second = this.secondCalls.sum();
			return toggles.sum() > 0 && second > 0 && this.firstCalls.sum() > second;
		}

		final AsyncHook first = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				seen("init " + asyncId);
			}

			@Override
			public void before(long asyncId) {
				seen("before " + asyncId);
			}

			@Override
			public void after(long asyncId) {
				seen("after " + asyncId);
			}

			@Override
			public void destroy(long asyncId) {
				seen("destroy " + asyncId);
			}

			private void seen(String event) {
				NestedPair.this.lastOfFirst.set(event);
				NestedPair.this.firstCalls.increment();
			}

		});

		final AsyncHook second = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				check("init " + asyncId);
			}

			@Override
			public void before(long asyncId) {
				check("before " + asyncId);
			}

			@Override
			public void after(long asyncId) {
				check("after " + asyncId);
			}

			@Override
			public void destroy(long asyncId) {
				check("destroy " + asyncId);
			}

			private void check(String event) {
				NestedPair.this.secondCalls.increment();
				if (!event.equals(NestedPair.this.lastOfFirst.get())) {
					NestedPair.this.violations.add(event + " reached the second hook but not the first (last: "
							+ NestedPair.this.lastOfFirst.get() + ")");
				}
			}

		});

	}

}
