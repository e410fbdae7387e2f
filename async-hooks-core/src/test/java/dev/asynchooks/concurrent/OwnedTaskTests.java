package dev.asynchooks.concurrent;

import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.HookRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.asynchooks.concurrent.RecordedTasks.awaitDestroy;
import static dev.asynchooks.concurrent.RecordedTasks.awaitFast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An executor task is a resource that only its executor runs: its runs skip the atomic
 * bookkeeping of {@code runInAsyncScope}, so code that reaches it as its execution
 * resource cannot run it, and its {@code emitDestroy()} ends it the way a cancel would.
 * Also: a pooled thread keeps no reference to the stores of a task that has ended.
 */
class OwnedTaskTests {

	private static final AsyncLocalStorage<Object> storage = new AsyncLocalStorage<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final HookRecorder recorder = this.engine.record(HookRecorder.startWithoutResources());

	private ExecutorService singleThread() {
		return AsyncExecutors.wrap(this.engine.shutDownAfter(Executors.newSingleThreadExecutor()));
	}

	@Test
	void aTaskReachedAsItsExecutionResourceCannotBeRunByOthers() throws Exception {
		ExecutorService executor = singleThread();
		AtomicReference<AsyncResource> task = new AtomicReference<>();
		executor.submit(() -> task.set((AsyncResource) AsyncHooks.executionAsyncResource())).get(20, TimeUnit.SECONDS);
		AsyncResource resource = task.get();
		assertThat(resource.type()).isEqualTo("EXECUTOR_TASK");
		Runnable bound = resource.bind(() -> {
		});
		assertThat(org.assertj.core.api.Assertions.catchThrowable(bound::run)).isInstanceOf(IllegalStateException.class)
			.hasMessage(resource + " is run only by the executor that owns it");
		awaitDestroy(this.recorder, resource.asyncId());
		assertThat(this.recorder.namesFor(resource.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void emitDestroyInsideTheTaskIsDeliveredAfterItsAfter() throws Exception {
		ExecutorService executor = singleThread();
		AtomicReference<AsyncResource> task = new AtomicReference<>();
		AtomicReference<Boolean> destroyedInside = new AtomicReference<>();
		executor.submit(() -> {
			AsyncResource self = (AsyncResource) AsyncHooks.executionAsyncResource();
			task.set(self);
			self.emitDestroy();
			self.emitDestroy();
			destroyedInside.set(this.recorder.namesFor(self.asyncId()).contains("destroy"));
		}).get(20, TimeUnit.SECONDS);
		long id = task.get().asyncId();
		awaitDestroy(this.recorder, id);
		assertThat(destroyedInside.get()).isFalse();
		assertThat(this.recorder.namesFor(id)).containsExactly("init", "before", "after", "destroy");
		assertThat(task.get().isDestroyed()).isTrue();
	}

	@Test
	void emitDestroyOnAQueuedTaskEndsItUnrunAndItsFunctionRunsWithoutItsContext() throws Exception {
		ExecutorService executor = singleThread();
		CountDownLatch blocker = new CountDownLatch(1);
		executor.execute(() -> await(blocker));
		AtomicReference<AsyncResource> queued = new AtomicReference<>();
		AtomicReference<Object> seenStore = new AtomicReference<>("unset");
		try (InitCapture inits = new InitCapture(queued)) {
			inits.hook.enable();
			storage.run("stored", () -> executor.execute(() -> seenStore.set(storage.getStore())));
		}
		AsyncResource task = queued.get();
		assertThat(task).isNotNull();
		task.emitDestroy();
		assertThat(this.recorder.namesFor(task.asyncId())).containsExactly("init", "destroy");
		Future<?> next = executor.submit(() -> {
		});
		blocker.countDown();
		next.get(20, TimeUnit.SECONDS);
		// the executor still runs the work, as unwrapped: the resource is gone
		assertThat(seenStore.get()).isNull();
		assertThat(this.recorder.namesFor(task.asyncId())).containsExactly("init", "destroy");
	}

	@Test
	void aPooledThreadKeepsNoReferenceToTheStoresOfEndedTasks() throws Exception {
		ExecutorService executor = singleThread();
		Object store = new Object();
		WeakReference<Object> weakStore = new WeakReference<>(store);
		// the task runs a resource of its own inside it, so the worker saves contexts at
		// two depths; both must be dropped when the task ends
		storage.run(store, () -> executor.submit(() -> {
			AsyncResource nested = new AsyncResource("NESTED");
			nested.runInAsyncScope(() -> storage.run("inner", () -> {
			}));
			nested.emitDestroy();
		})).get(20, TimeUnit.SECONDS);
		store = null;
		awaitFast().untilAsserted(() -> {
			System.gc();
			assertThat(weakStore.get()).as("store of an ended task still reachable").isNull();
		});
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Captures the resource of the next EXECUTOR_TASK init. */
	private static final class InitCapture implements dev.asynchooks.HookCallbacks, AutoCloseable {

		final dev.asynchooks.AsyncHook hook = AsyncHooks.createHook(this);

		private final AtomicReference<AsyncResource> captured;

		InitCapture(AtomicReference<AsyncResource> captured) {
			this.captured = captured;
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			if (type.equals("EXECUTOR_TASK")) {
				this.captured.compareAndSet(null, (AsyncResource) resource);
			}
		}

		@Override
		public void close() {
			this.hook.disable();
		}

	}

}
