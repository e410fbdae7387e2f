package dev.asynchooks.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static org.assertj.core.api.Assertions.assertThat;

/** How an owned executor task ends when code other than its executor ends it. */
class OwnedTaskEndTests {

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(HookRecorder.startWithoutResources());

	/**
	 * A hook that ends the task in its init (emitDestroy, then requestEnd, end, ended)
	 * runs before the task's constructor has made its place among the live tasks: the
	 * task must still not stay there (with its function and captured stores) until the
	 * executor terminates.
	 */
	@Test
	void aTaskEndedInItsInitDoesNotStayAmongTheLiveTasks() throws Exception {
		ExecutorService raw = this.engine.shutDownAfter(Executors.newSingleThreadExecutor());
		TrackedExecutorService<?> executor = (TrackedExecutorService<?>) AsyncExecutors.wrap(raw);
		AtomicReference<AsyncResource> ended = new AtomicReference<>();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (type.equals("EXECUTOR_TASK") && ended.compareAndSet(null, (AsyncResource) resource)) {
					((AsyncResource) resource).emitDestroy();
				}
			}
		}).enable();
		try {
			executor.execute(() -> {
			});
		}
		finally {
			hook.disable();
		}
		executor.submit(() -> {
		}).get(20, TimeUnit.SECONDS);
		awaitDestroy(this.recorder, ended.get().asyncId());
		assertThat(executor.liveTasks.snapshot()).as("live tasks after both ended")
			.doesNotContain((TrackedTask) ended.get());
	}

	/**
	 * {@code isDestroyed()} is true once the resource is destroyed or its destroy is
	 * pending: also for a task whose {@code emitDestroy()} was called during its run.
	 */
	@Test
	void isDestroyedIsTrueOnceEmitDestroyWasCalledDuringTheRun() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newSingleThreadExecutor()));
		AtomicBoolean destroyedInside = new AtomicBoolean();
		executor.submit(() -> {
			AsyncResource self = (AsyncResource) AsyncHooks.executionAsyncResource();
			self.emitDestroy();
			destroyedInside.set(self.isDestroyed());
		}).get(20, TimeUnit.SECONDS);
		assertThat(destroyedInside.get()).as("isDestroyed() after emitDestroy() inside the run").isTrue();
	}

}
