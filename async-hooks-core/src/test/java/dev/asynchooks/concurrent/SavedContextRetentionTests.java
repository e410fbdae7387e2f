package dev.asynchooks.concurrent;

import java.lang.ref.WeakReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.asynchooks.concurrent.RecordedTasks.awaitFast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread keeps no reference to a store it no longer has: on a long-lived thread with no
 * frame (an event loop, a worker running unwrapped code), a store made current with
 * {@code run()} around a resource's scope must not stay reachable through the context the
 * thread saved when it entered that scope.
 */
@ExtendWith(CleanEngine.class)
class SavedContextRetentionTests {

	private static final AsyncLocalStorage<Object> storage = new AsyncLocalStorage<>();

	@Test
	void aThreadWithNoFrameKeepsNoReferenceToAStoreItNoLongerHas() throws Exception {
		ExecutorService raw = Executors.newSingleThreadExecutor();
		try {
			AsyncResource resource = new AsyncResource("REVIEW",
					AsyncResourceOptions.defaults().withRequireManualDestroy(true));
			Object store = new Object();
			WeakReference<Object> weakStore = new WeakReference<>(store);
			Object[] holder = { store };
			store = null;
			raw.submit(() -> {
				storage.run(holder[0], () -> resource.runInAsyncScope(() -> {
				}));
				// the store is no longer current on this thread
				assertThat(storage.getStore()).isNull();
			}).get(20, TimeUnit.SECONDS);
			holder[0] = null;
			resource.emitDestroy();
			awaitFast().untilAsserted(() -> {
				System.gc();
				assertThat(weakStore.get()).as("store no longer current, still reachable from the thread").isNull();
			});
		}
		finally {
			raw.shutdownNow();
		}
	}

}
