package dev.asynchooks.autoconfigure.web.reactive;

import java.time.Duration;
import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReactorScheduleHook} and {@link ReactorTask}: Reactor scheduler hops
 * outside any web application.
 *
 * @author async-hooks
 */
class ReactorScheduleHookTests {

	private static final AsyncLocalStorage<String> store = new AsyncLocalStorage<>("store", null);

	@RegisterExtension
	final CleanEngine engine = CleanEngine.changesOnly();

	private final RecordingCallbacks recorder = new RecordingCallbacks();

	private final ReactorScheduleHook scheduleHook = new ReactorScheduleHook();

	private AsyncHook hook;

	private Scheduler scheduler;

	@BeforeEach
	void enable() {
		this.hook = this.engine.disableAfter(AsyncHooks.createHook(this.recorder).enable());
		this.scheduleHook.afterPropertiesSet();
		this.scheduler = Schedulers.newParallel("hook-tests", 2);
	}

	@AfterEach
	void disable() {
		this.scheduler.dispose();
		this.scheduleHook.destroy();
		this.hook.disable();
	}

	@Test
	void scheduledTaskIsAReactorTaskTriggeredByTheSchedulingContextThatCarriesItsStores() {
		AsyncResource caller = new AsyncResource("CALLER");
		String value = caller.runInAsyncScope(() -> store.run("s-1", () -> Mono.just(1)
			.hide()
			.publishOn(this.scheduler)
			.map((i) -> AsyncHooks.executionAsyncId() + ":" + AsyncHooks.triggerAsyncId() + ":" + store.getStore())
			.block()));
		caller.emitDestroy();
		List<Event> inits = this.recorder.inits(ResourceTypes.REACTOR_TASK, caller.asyncId());
		assertThat(inits).hasSize(1);
		Event init = inits.get(0);
		assertThat(value).isEqualTo(init.asyncId() + ":" + caller.asyncId() + ":s-1");
		assertThat(init.resource()).hasToString("MonoPublishOn$PublishOnSubscriber");
		await().until(() -> this.recorder.kinds(init.asyncId()).contains("destroy"));
		assertThat(this.recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void storeSetInTheSchedulingContextDoesNotLeakToTheNextTaskOnTheSameThread() {
		Scheduler single = Schedulers.newSingle("hook-tests-single");
		try {
			String first = store.run("s-first",
					() -> Mono.fromCallable(() -> String.valueOf(store.getStore())).subscribeOn(single).block());
			String second = Mono.fromCallable(() -> String.valueOf(store.getStore())).subscribeOn(single).block();
			assertThat(first).isEqualTo("s-first");
			assertThat(second).isEqualTo("null");
		}
		finally {
			single.dispose();
		}
	}

	@Test
	void eachRunOfAPeriodicTaskIsAReactorTaskTriggeredByThePreviousRun() {
		AsyncResource caller = new AsyncResource("CALLER");
		List<Long> runs = caller.runInAsyncScope(() -> Flux.interval(Duration.ofMillis(1), this.scheduler)
			.map((tick) -> AsyncHooks.executionAsyncId())
			.take(3)
			.collectList()
			.block());
		caller.emitDestroy();
		assertThat(runs).hasSize(3).doesNotHaveDuplicates();
		assertThat(this.recorder.inits(ResourceTypes.REACTOR_TASK, caller.asyncId())).extracting(Event::asyncId)
			.containsExactly(runs.get(0));
		assertThat(this.recorder.inits(ResourceTypes.REACTOR_TASK, runs.get(0))).extracting(Event::asyncId)
			.containsExactly(runs.get(1));
		assertThat(this.recorder.inits(ResourceTypes.REACTOR_TASK, runs.get(1))).extracting(Event::asyncId)
			.containsExactly(runs.get(2));
		await().until(() -> runs.stream().allMatch((run) -> this.recorder.kinds(run).contains("destroy")));
		for (long run : runs) {
			assertThat(this.recorder.kinds(run)).containsExactly("init", "before", "after", "destroy");
		}
	}

	@Test
	void taskIsWrappedOnce() {
		Runnable task = () -> {
		};
		Runnable decorated = ReactorScheduleHook.decorate(task);
		assertThat(decorated).isInstanceOf(ReactorTask.class);
		assertThat(ReactorScheduleHook.decorate(decorated)).isSameAs(decorated);
		((ReactorTask) decorated).emitDestroy();
	}

	@Test
	void scheduleHookIsRemovedByItsKeyOnDestroy() {
		ReactorScheduleHook other = new ReactorScheduleHook();
		other.afterPropertiesSet();
		other.destroy();
		// still registered by this test's hook
		Runnable task = () -> {
		};
		Runnable decorated = Schedulers.onSchedule(task);
		assertThat(decorated).isInstanceOf(ReactorTask.class);
		((ReactorTask) decorated).emitDestroy();
	}

}
