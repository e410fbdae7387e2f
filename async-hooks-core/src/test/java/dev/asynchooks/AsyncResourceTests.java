package dev.asynchooks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The embedder API {@link AsyncResource}: Node's rules R16, R19, R25, R40, R47–R50, the
 * traces t3_resource and t7_emitdestroy, SPEC rules 9–11.
 */
class AsyncResourceTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	// R16, R47: init(asyncId, type, trigger, this), delivered inside the constructor
	@Test
	void constructorDeliversInitWithTheInstanceBeforeItReturns() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("MY_DB_QUERY"));
		List<HookRecorder.Event> atReturn = recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == resource.asyncId())
			.toList();
		recorder.close();
		assertThat(atReturn).hasSize(1);
		HookRecorder.Event init = atReturn.get(0);
		assertThat(init.name()).isEqualTo("init");
		assertThat(init.type()).isEqualTo("MY_DB_QUERY").isEqualTo(resource.type());
		assertThat(init.triggerAsyncId()).isEqualTo(1).isEqualTo(resource.triggerAsyncId());
		assertThat(init.resource()).isSameAs(resource);
		assertThat(init.thread()).isSameAs(Thread.currentThread());
		assertThat(resource.asyncId()).isGreaterThan(1);
	}

	@Test
	void initializingIsCalledWithTheIdsSetJustBeforeInit() {
		HookRecorder recorder = HookRecorder.start();
		List<String> seen = new ArrayList<>();
		AsyncResource resource = track(new AsyncResource("STANDS_FOR", 7) {
			@Override
			protected void initializing() {
				seen.add(asyncId() + " " + triggerAsyncId() + " " + type() + " inits so far: "
						+ recorder.namesFor(asyncId()));
			}
		});
		recorder.close();
		assertThat(seen).containsExactly(resource.asyncId() + " 7 STANDS_FOR inits so far: []");
		assertThat(recorder.namesFor(resource.asyncId())).containsExactly("init");
	}

	// R47, R46: an explicit trigger is reported as is, also one that belongs to no
	// resource
	@Test
	void explicitTriggerIsReportedAsGiven() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource poblado = track(new AsyncResource("poblado", 111));
		AsyncResource zero = track(new AsyncResource("zero", AsyncResourceOptions.defaults().withTriggerAsyncId(0)));
		recorder.close();
		assertThat(poblado.triggerAsyncId()).isEqualTo(111);
		assertThat(zero.triggerAsyncId()).isZero();
		assertThat(recorder.linesFor(poblado.asyncId(), zero.asyncId())).containsExactly(
				"init poblado " + poblado.asyncId() + " trigger=111 eid=1",
				"init zero " + zero.asyncId() + " trigger=0 eid=1");
	}

	// R48: runInAsyncScope returns the function's value; repeated calls give repeated
	// before/after pairs
	@Test
	void runInAsyncScopeReturnsTheValueAndEachCallAddsOneBeforeAfterPair() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("alcazares", AsyncHooks.executionAsyncId()));
		long id = resource.asyncId();
		List<List<String>> during = new ArrayList<>();
		int value = resource.runInAsyncScope(() -> {
			during.add(recorder.linesFor(id));
			return 1729;
		});
		String called = resource.callInAsyncScope(() -> {
			during.add(recorder.linesFor(id));
			return "called";
		});
		resource.runInAsyncScope(() -> {
			during.add(recorder.linesFor(id));
		});
		resource.emitDestroy();
		recorder.close();
		String init = "init alcazares " + id + " trigger=1 eid=1";
		assertThat(value).isEqualTo(1729);
		assertThat(called).isEqualTo("called");
		assertThat(during).containsExactly(List.of(init, "before " + id),
				List.of(init, "before " + id, "after " + id, "before " + id),
				List.of(init, "before " + id, "after " + id, "before " + id, "after " + id, "before " + id));
		assertThat(recorder.linesFor(id)).containsExactly(init, "before " + id, "after " + id, "before " + id,
				"after " + id, "before " + id, "after " + id, "destroy " + id);
	}

	// R40, SPEC rule 9: test-async-hooks-run-in-async-scope-caught-exception.js
	@Test
	void afterIsDeliveredWhenTheFunctionThrowsAndTheSameExceptionReachesTheCaller() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("foo"));
		IllegalStateException bar = new IllegalStateException("bar");
		assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> {
			throw bar;
		})).isSameAs(bar);
		IOException checked = new IOException("checked");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> resource.callInAsyncScope(() -> {
			throw checked;
		})).isSameAs(checked);
		long eidAfter = AsyncHooks.executionAsyncId();
		resource.emitDestroy();
		recorder.close();
		long id = resource.asyncId();
		assertThat(eidAfter).isEqualTo(1);
		assertThat(recorder.linesFor(id)).containsExactly("init foo " + id + " trigger=1 eid=1", "before " + id,
				"after " + id, "before " + id, "after " + id, "destroy " + id);
	}

	// R19: cancelled before it ran: init then destroy, no before/after
	@Test
	void resourceDestroyedWithoutRunningGetsInitAndDestroyOnly() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("Immediate"));
		assertThat(resource.emitDestroy()).isSameAs(resource);
		recorder.close();
		long id = resource.asyncId();
		assertThat(recorder.linesFor(id)).containsExactly("init Immediate " + id + " trigger=1 eid=1", "destroy " + id);
	}

	// R25: a destroy emitted while no destroy hook is enabled is dropped for good
	@Test
	void destroyEmittedWithNoDestroyHookEnabledIsNeverDelivered() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("pob"));
		recorder.hook().disable();
		List<Long> initOnlyInits = new ArrayList<>();
		AsyncHook initOnly = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				initOnlyInits.add(asyncId);
			}

		}).enable();
		resource.emitDestroy();
		recorder.hook().enable();
		resource.emitDestroy();
		initOnly.disable();
		recorder.close();
		long id = resource.asyncId();
		assertThat(initOnlyInits).isEmpty();
		assertThat(recorder.linesFor(id)).containsExactly("init pob " + id + " trigger=1 eid=1");
	}

	// R24: Node batches destroy, so it never lands inside a callback; here it is
	// synchronous but still after the after
	// SPEC rule 10: a destroy requested while the resource runs arrives after its after
	// (after the outermost one when its scopes are nested); meanwhile it cannot be
	// entered again
	@Test
	void destroyRequestedInsideTheCallbackArrivesAfterTheOutermostAfter() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("SELF_DESTROYING"));
		List<Boolean> destroyedInside = new ArrayList<>();
		resource.runInAsyncScope(() -> {
			resource.runInAsyncScope(() -> {
				resource.emitDestroy();
				destroyedInside.add(resource.isDestroyed());
			});
			assertThatIllegalStateException().isThrownBy(() -> resource.runInAsyncScope(() -> {
			})).withMessageContaining("SELF_DESTROYING(" + resource.asyncId() + ")");
		});
		recorder.close();
		long id = resource.asyncId();
		assertThat(destroyedInside).containsExactly(true);
		assertThat(recorder.linesFor(id)).containsExactly("init SELF_DESTROYING " + id + " trigger=1 eid=1",
				"before " + id, "before " + id, "after " + id, "after " + id, "destroy " + id);
	}

	// R24 (see above), R48
	// SPEC rule 10: emitDestroy from another thread while the resource runs returns at
	// once; the destroy is delivered by the running thread after its after
	@Test
	void destroyRequestedFromAnotherThreadWhileRunningIsDeliveredByTheRunningThreadAfterItsAfter() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("LONG_RUNNING"));
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread runner = new Thread(() -> resource.runInAsyncScope(() -> {
			running.countDown();
			await(release);
		}), "runner");
		runner.start();
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		resource.emitDestroy();
		List<String> whenEmitDestroyReturned = recorder.linesFor(resource.asyncId());
		release.countDown();
		runner.join(10_000);
		recorder.close();
		long id = resource.asyncId();
		assertThat(whenEmitDestroyReturned).containsExactly("init LONG_RUNNING " + id + " trigger=1 eid=1",
				"before " + id);
		assertThat(recorder.linesFor(id)).containsExactly("init LONG_RUNNING " + id + " trigger=1 eid=1",
				"before " + id, "after " + id, "destroy " + id);
		assertThat(
				recorder.events().stream().filter((event) -> event.name().equals("destroy") && event.asyncId() == id))
			.extracting(HookRecorder.Event::thread)
			.containsExactly(runner);
	}

	// R49: bind runs the function in runInAsyncScope of the resource, passing arguments
	// and values through
	@Test
	void boundFunctionsRunInTheResourceScopeAndPassArgumentsAndValues() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("test"));
		long id = resource.asyncId();
		List<Long> eids = new ArrayList<>();
		Runnable runnable = resource.bind((Runnable) () -> eids.add(AsyncHooks.executionAsyncId()));
		Supplier<Long> supplier = resource.bind((Supplier<Long>) AsyncHooks::executionAsyncId);
		Callable<Long> callable = resource.bind((Callable<Long>) AsyncHooks::executionAsyncId);
		Function<Long, Long> function = resource.bind((Long offset) -> AsyncHooks.executionAsyncId() + offset);
		Consumer<String> consumer = resource.bind((Consumer<String>) (argument) -> eids
			.add(AsyncHooks.executionAsyncId() * ("arg".equals(argument) ? 1 : -1)));
		runnable.run();
		eids.add(supplier.get());
		eids.add(callable.call());
		eids.add(function.apply(10L) - 10);
		consumer.accept("arg");
		resource.emitDestroy();
		recorder.close();
		assertThat(eids).containsExactly(id, id, id, id, id);
		List<String> expected = new ArrayList<>(List.of("init test " + id + " trigger=1 eid=1"));
		for (int i = 0; i < 5; i++) {
			expected.add("before " + id);
			expected.add("after " + id);
		}
		expected.add("destroy " + id);
		assertThat(recorder.linesFor(id)).containsExactlyElementsOf(expected);
	}

	// R50: static bind creates the resource now, in the current context, with the given
	// type; called later from another resource, the function runs in the captured one
	@Test
	void staticBindCreatesTheResourceInTheCurrentContextAndRunsInItLater() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource creator = track(new AsyncResource("CREATOR"));
		AsyncResource caller = track(new AsyncResource("CALLER"));
		Supplier<Long> bound = creator
			.runInAsyncScope(() -> AsyncResource.bind((Supplier<Long>) AsyncHooks::executionAsyncId, "BOUND"));
		List<Long> seen = new ArrayList<>();
		caller.runInAsyncScope(() -> {
			seen.add(bound.get());
			seen.add(AsyncHooks.executionAsyncId());
		});
		recorder.close();
		recorder.destroyRemaining();
		HookRecorder.Event init = recorder.inits("BOUND").get(0);
		long b = init.asyncId();
		long c = caller.asyncId();
		assertThat(seen).containsExactly(b, c);
		assertThat(b).isNotEqualTo(c);
		assertThat(recorder.linesFor(b, c)).containsExactly("init CALLER " + c + " trigger=1 eid=1",
				"init BOUND " + b + " trigger=" + creator.asyncId() + " eid=" + creator.asyncId(), "before " + c,
				"before " + b, "after " + b, "after " + c);
	}

	// R50, SPEC rule 11: with no type, the resource is named after the function's class,
	// or bound-anonymous-fn for lambdas and anonymous classes
	@Test
	void staticBindWithoutTypeNamesTheResourceAfterTheFunctionsClass() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource.bind(new NamedTask(), null);
		AsyncResource.bind(() -> {
		}, null);
		AsyncResource.bind(new Runnable() {

			@Override
			public void run() {
			}

		}, null);
		AsyncResource.bind((String value) -> value.length(), null);
		AsyncLocalStorage.bind(new NamedTask());
		recorder.close();
		recorder.destroyRemaining();
		assertThat(recorder.events()
			.stream()
			.filter((event) -> event.name().equals("init") && event.thread() == Thread.currentThread()))
			.extracting(HookRecorder.Event::type)
			.containsExactly("NamedTask", "bound-anonymous-fn", "bound-anonymous-fn", "bound-anonymous-fn",
					"NamedTask");
	}

	// R1, R5, R40, R45–R52
	// node-traces/t3_resource.js where it applies to Java: no thisArg or extra
	// arguments; validation errors are Java exceptions (type 5, 1.5 and 'x' do not
	// compile); destroy is synchronous (SPEC section 4), so "destroy r1" comes right
	// after emitDestroy() instead of at the next tick. A Timeout is an AsyncResource of
	// type "Timeout" run once and destroyed after its run.
	@Test
	void embedderApiGivesTheEventsOfNodeTraceT3() {
		NodeTrace trace = new NodeTrace();
		HookRecorder recorder = HookRecorder.start();
		AsyncHook tracer = AsyncHooks.createHook(trace.tracer("")).enable();
		AsyncResource r = track(new AsyncResource("MY_DB_QUERY"));
		trace.log("asyncId=" + trace.rel(r.asyncId()) + " trigger=" + trace.rel(r.triggerAsyncId()));
		int ret = r.runInAsyncScope(() -> {
			trace.log("inside eid=" + trace.rel(AsyncHooks.executionAsyncId()) + " tid="
					+ trace.rel(AsyncHooks.triggerAsyncId()) + " resIsR=" + (AsyncHooks.executionAsyncResource() == r));
			return 2 + 3;
		});
		trace.log("ret=" + ret);
		try {
			r.runInAsyncScope(() -> {
				throw new IllegalStateException("boom");
			});
		}
		catch (IllegalStateException ex) {
			trace.log("caught " + ex.getMessage() + " eid-after=" + AsyncHooks.executionAsyncId());
		}
		r.emitDestroy();
		AsyncResource r2 = track(
				new AsyncResource("CHILD", AsyncResourceOptions.defaults().withTriggerAsyncId(r.asyncId())));
		trace.log("r2 trigger=" + trace.rel(r2.triggerAsyncId()));
		track(new AsyncResource("MANUAL", AsyncResourceOptions.defaults().withRequireManualDestroy(true)));
		for (String bad : new String[] { "", null }) {
			try {
				track(new AsyncResource(bad));
				trace.log("no error for " + bad);
			}
			catch (RuntimeException ex) {
				trace
					.log("type " + ((bad != null) ? "\"" + bad + "\"" : null) + " -> " + ex.getClass().getSimpleName());
			}
		}
		try {
			track(new AsyncResource("T", -2));
			trace.log("no error for trigger -2");
		}
		catch (RuntimeException ex) {
			trace.log("trigger -2 -> " + ex.getClass().getSimpleName());
		}
		Supplier<String> bound = AsyncResource
			.bind((Supplier<String>) () -> "bound eid=" + trace.rel(AsyncHooks.executionAsyncId()), "BOUND");
		AsyncResource timeout1 = track(new AsyncResource("Timeout"));
		trace.log("top resource = " + AsyncHooks.executionAsyncResource());
		AsyncResource timeout2 = track(new AsyncResource("Timeout"));
		timeout1.runInAsyncScope(() -> trace.log(bound.get()));
		timeout1.emitDestroy();
		timeout2.runInAsyncScope(
				() -> trace.log("timeout resource same=" + (AsyncHooks.executionAsyncResource() == timeout2)));
		timeout2.emitDestroy();
		tracer.disable();
		recorder.close();
		recorder.destroyRemaining();
		assertThat(trace.lines()).containsExactly("init MY_DB_QUERY r1 trigger=1 exec=1", "asyncId=r1 trigger=1",
				"before r1", "inside eid=r1 tid=1 resIsR=true", "after r1", "ret=5", "before r1", "after r1",
				"caught boom eid-after=1", "destroy r1", "init CHILD r2 trigger=r1 exec=1", "r2 trigger=r1",
				"init MANUAL r3 trigger=1 exec=1", "type \"\" -> IllegalArgumentException",
				"type null -> NullPointerException", "trigger -2 -> IllegalArgumentException",
				"init BOUND r4 trigger=1 exec=1", "init Timeout r5 trigger=1 exec=1", "top resource = {}",
				"init Timeout r6 trigger=1 exec=1", "before r5", "  before r4", "  after r4", "bound eid=r4",
				"after r5", "destroy r5", "before r6", "timeout resource same=true", "after r6", "destroy r6");
	}

	// R2, R19, R24
	// node-traces/t7_emitdestroy.js. Deliberate differences (SPEC section 4): two
	// emitDestroy() calls deliver one destroy (Node: two), and destroy is synchronous, so
	// it comes right after emitDestroy() (Node: batched to the next tick, after the
	// enclosing callback's after). M, never destroyed in Node, is destroyed here only
	// once
	// the trace is off.
	@Test
	void emitDestroyGivesTheEventsOfNodeTraceT7WithOneDestroy() {
		NodeTrace trace = new NodeTrace();
		AsyncHook tracer = AsyncHooks.createHook(trace.tracer("")).enable();
		AsyncResource r = track(new AsyncResource("X"));
		r.emitDestroy();
		r.emitDestroy();
		AsyncResource m = track(
				new AsyncResource("M", AsyncResourceOptions.defaults().withRequireManualDestroy(false)));
		trace.log("sync end");
		AsyncResource timeout = track(new AsyncResource("Timeout"));
		timeout.runInAsyncScope(() -> {
			trace.log("later eid " + trace.rel(AsyncHooks.executionAsyncId()));
			track(new AsyncResource("Immediate")).emitDestroy();
		});
		timeout.emitDestroy();
		tracer.disable();
		m.emitDestroy();
		assertThat(trace.lines()).containsExactly("init X r1 trigger=1 exec=1", "destroy r1",
				"init M r2 trigger=1 exec=1", "sync end", "init Timeout r3 trigger=1 exec=1", "before r3",
				"later eid r3", "  init Immediate r4 trigger=r3 exec=r3", "  destroy r4", "after r3", "destroy r3");
	}

	// R2: destroy at most once per id
	// SPEC section 4: Node may deliver a second destroy; here emitDestroy is idempotent
	@Test
	void destroyIsDeliveredOnceWhenEmitDestroyIsCalledTwice() {
		HookRecorder recorder = HookRecorder.start();
		AsyncResource resource = track(new AsyncResource("TWICE"));
		assertThat(resource.isDestroyed()).isFalse();
		assertThat(resource.emitDestroy()).isSameAs(resource);
		assertThat(resource.emitDestroy()).isSameAs(resource);
		recorder.close();
		long id = resource.asyncId();
		assertThat(resource.isDestroyed()).isTrue();
		assertThat(recorder.linesFor(id)).containsExactly("init TWICE " + id + " trigger=1 eid=1", "destroy " + id);
	}

	// R2: destroy at most once per id
	// SPEC rule 10: concurrent emitDestroy calls deliver one destroy too
	@Test
	void destroyIsDeliveredOnceWhenManyThreadsCallEmitDestroyAtOnce() throws Exception {
		HookRecorder recorder = HookRecorder.start();
		List<AsyncResource> batch = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			batch.add(track(new AsyncResource("RACED")));
		}
		CyclicBarrier barrier = new CyclicBarrier(4);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				try {
					barrier.await(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				batch.forEach(AsyncResource::emitDestroy);
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(10_000);
			assertThat(thread.isAlive()).isFalse();
		}
		recorder.close();
		for (AsyncResource resource : batch) {
			long id = resource.asyncId();
			assertThat(recorder.linesFor(id)).containsExactly("init RACED " + id + " trigger=1 eid=1", "destroy " + id);
		}
	}

	// R40, R48: the exception reaches the caller as it is
	@Test
	void checkedExceptionOfCallInAsyncScopeIsNotWrapped() {
		AsyncResource resource = track(new AsyncResource("R"));
		Exception checked = new Exception("checked");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> resource.callInAsyncScope(() -> {
			throw checked;
		})).isSameAs(checked);
	}

	private AsyncResource track(AsyncResource resource) {
		return this.engine.destroyAfter(resource);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A named function class, for the type that static bind derives. */
	private static final class NamedTask implements Runnable {

		@Override
		public void run() {
		}

	}

}
