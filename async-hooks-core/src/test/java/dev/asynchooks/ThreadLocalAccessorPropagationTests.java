package dev.asynchooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import dev.asynchooks.internal.ThreadLocalPropagation;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resources carry the values of the {@code ThreadLocalAccessor}s registered in
 * Micrometer's {@code ContextRegistry} from where they are created to each run, and
 * restore what the running thread had afterwards.
 */
class ThreadLocalAccessorPropagationTests {

	private static final ThreadLocal<String> VALUE = new ThreadLocal<>();

	@RegisterExtension
	final CleanEngine engine = new CleanEngine();

	private final RecordingAccessor accessor = new RecordingAccessor("test.value");

	private final List<Object> registered = new ArrayList<>();

	private ExecutorService pool;

	@BeforeEach
	void registerAccessor() {
		register(this.accessor);
		this.pool = this.engine.shutDownAfter(Executors.newSingleThreadExecutor());
	}

	@AfterEach
	void removeAccessors() {
		// the registry is global: leave it as it was
		for (Object key : this.registered) {
			ContextRegistry.getInstance().removeThreadLocalAccessor(key);
		}
		AsyncHooks.setPropagateThreadLocalAccessors(true);
		VALUE.remove();
	}

	private void register(ThreadLocalAccessor<?> accessor) {
		ContextRegistry.getInstance().registerThreadLocalAccessor(accessor);
		this.registered.add(accessor.key());
	}

	@Test
	void taskRunsWithTheValueOfWhereItWasSubmittedAndThePoolThreadGetsItsOwnBack() throws Exception {
		this.pool.submit(() -> VALUE.set("pool")).get();
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		VALUE.set("request");
		String inside = executor.submit(VALUE::get).get();
		VALUE.remove();
		assertThat(inside).isEqualTo("request");
		assertThat(this.pool.submit(VALUE::get).get()).isEqualTo("pool");
		assertThat(this.accessor.calls).containsSubsequence("setValue(request)", "restore(pool)");
	}

	@Test
	void nothingIsLeftOnAPoolThreadThatHadNoValue() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		VALUE.set("request");
		assertThat(executor.submit(VALUE::get).get()).isEqualTo("request");
		VALUE.remove();
		assertThat(this.pool.submit(VALUE::get).get()).isNull();
		assertThat(this.accessor.calls).containsSubsequence("setValue(request)", "restore()");
	}

	@Test
	void aValueAbsentWhereTheTaskWasCreatedIsResetWhileItRuns() throws Exception {
		this.pool.submit(() -> VALUE.set("leaked")).get();
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		assertThat(executor.submit(VALUE::get).get()).isNull();
		assertThat(this.pool.submit(VALUE::get).get()).isEqualTo("leaked");
		assertThat(this.accessor.calls).containsSubsequence("setValue()", "restore(leaked)");
	}

	@Test
	void noAccessorIsTouchedWhenNeitherThreadHasAValue() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		assertThat(executor.submit(VALUE::get).get()).isNull();
		assertThat(this.accessor.calls).doesNotContain("setValue()", "restore()");
	}

	@Test
	void hooksSeeTheCarriedValueInBeforeAndAfter() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		AsyncHook hook = this.engine.disableAfter(AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void before(long asyncId) {
				seen.add("before " + VALUE.get());
			}

			@Override
			public void after(long asyncId) {
				seen.add("after " + VALUE.get());
			}

		}).enable());
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		VALUE.set("request");
		executor.submit(() -> seen.add("task " + VALUE.get())).get();
		VALUE.remove();
		// after comes once the future is completed
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
		hook.disable();
		assertThat(seen).containsExactly("before request", "task request", "after request");
	}

	@Test
	void aDependentRunsWithTheValueOfTheCodeThatRegisteredItNotOfTheCompletingThread() throws Exception {
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		VALUE.set("registering");
		TrackedCompletableFuture<String> dependent = source.thenApply((value) -> value + " " + VALUE.get());
		VALUE.remove();
		this.pool.submit(() -> {
			VALUE.set("completing");
			source.complete("ran with");
			return VALUE.get();
		}).get();
		assertThat(dependent.get(10, TimeUnit.SECONDS)).isEqualTo("ran with registering");
		assertThat(this.pool.submit(VALUE::get).get()).isEqualTo("completing");
	}

	@Test
	void anAccessorRegisteredAfterTheFirstResourcesIsPickedUp() throws Exception {
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		executor.submit(() -> null).get();
		ThreadLocal<String> later = new ThreadLocal<>();
		register(new ThreadLocalAccessor<String>() {

			@Override
			public Object key() {
				return "test.later";
			}

			@Override
			public @Nullable String getValue() {
				return later.get();
			}

			@Override
			public void setValue(String value) {
				later.set(value);
			}

			@Override
			public void setValue() {
				later.remove();
			}

		});
		later.set("later");
		assertThat(executor.submit(later::get).get()).isEqualTo("later");
		later.remove();
		assertThat(this.pool.submit(later::get).get()).isNull();
	}

	@Test
	void theStorageAccessorIsSkipped() throws Exception {
		RecordingAccessor storage = new RecordingAccessor(ThreadLocalPropagation.STORAGE_ACCESSOR_KEY);
		register(storage);
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		VALUE.set("request");
		executor.submit(() -> null).get();
		assertThat(storage.calls).isEmpty();
		assertThat(this.accessor.calls).contains("setValue(request)");
	}

	@Test
	void nothingIsCapturedWhenOnlyTheStorageAccessorIsRegistered() {
		ContextRegistry.getInstance().removeThreadLocalAccessor(this.accessor.key());
		register(new RecordingAccessor(ThreadLocalPropagation.STORAGE_ACCESSOR_KEY));
		VALUE.set("request");
		assertThat(ThreadLocalPropagation.capture()).isNull();
	}

	@Test
	void nothingIsCarriedWhenSwitchedOff() throws Exception {
		AsyncHooks.setPropagateThreadLocalAccessors(false);
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isFalse();
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		VALUE.set("request");
		assertThat(executor.submit(VALUE::get).get()).isNull();
		assertThat(this.accessor.calls).isEmpty();
	}

	@Test
	void anAccessorThatThrowsIsSkippedWithOneWarningAndTheTaskStillRuns() throws Exception {
		AtomicInteger failures = new AtomicInteger();
		register(new ThreadLocalAccessor<String>() {

			@Override
			public Object key() {
				return "test.broken";
			}

			@Override
			public String getValue() {
				failures.incrementAndGet();
				throw new IllegalStateException("broken accessor");
			}

			@Override
			public void setValue(String value) {
			}

		});
		ExecutorService executor = AsyncExecutors.wrap(this.pool);
		List<String> results = new ArrayList<>();
		HookErrorOutput.Captured captured = HookErrorOutput.capture(() -> {
			VALUE.set("request");
			try {
				results.add(executor.submit(VALUE::get).get());
				results.add(executor.submit(VALUE::get).get());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(results).containsExactly("request", "request");
		assertThat(failures).hasValueGreaterThanOrEqualTo(2);
		assertThat(captured.log()).hasSize(1)
			.first()
			.asString()
			.startsWith("WARNING: ThreadLocalAccessor")
			.contains("threw");
		assertThat(captured.stderr()).isEmpty();
	}

	@Test
	void aRunInAsyncScopeNestedInsideAnotherRestoresTheOuterValue() {
		VALUE.set("outer");
		AsyncResource outer = this.engine.destroyAfter(new AsyncResource("OUTER"));
		VALUE.set("inner");
		AsyncResource inner = this.engine.destroyAfter(new AsyncResource("INNER"));
		VALUE.set("caller");
		List<String> seen = new ArrayList<>();
		outer.runInAsyncScope(() -> {
			seen.add(VALUE.get());
			inner.runInAsyncScope(() -> seen.add(VALUE.get()));
			seen.add(VALUE.get());
		});
		seen.add(VALUE.get());
		assertThat(seen).containsExactly("outer", "inner", "outer", "caller");
	}

	static final class RecordingAccessor implements ThreadLocalAccessor<String> {

		final List<String> calls = new CopyOnWriteArrayList<>();

		private final Object key;

		RecordingAccessor(Object key) {
			this.key = key;
		}

		@Override
		public Object key() {
			return this.key;
		}

		@Override
		public @Nullable String getValue() {
			return VALUE.get();
		}

		@Override
		public void setValue(String value) {
			this.calls.add("setValue(" + value + ")");
			VALUE.set(value);
		}

		@Override
		public void setValue() {
			this.calls.add("setValue()");
			VALUE.remove();
		}

		@Override
		public void restore(String previousValue) {
			this.calls.add("restore(" + previousValue + ")");
			VALUE.set(previousValue);
		}

		@Override
		public void restore() {
			this.calls.add("restore()");
			VALUE.remove();
		}

	}

}
