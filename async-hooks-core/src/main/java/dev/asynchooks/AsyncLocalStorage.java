package dev.asynchooks;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.asynchooks.internal.StorageContext;
import dev.asynchooks.internal.StorageKey;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * A store that follows asynchronous work: a value set with {@link #run(Object, Runnable)}
 * is visible to the function and to every task, promise, timer or request created inside
 * it, whatever thread later runs them, and to nothing else. The Java counterpart of
 * Node's {@code AsyncLocalStorage}; a {@link ThreadLocal} that survives thread hops.
 *
 * <pre>{@code
 * static final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();
 *
 * requestId.run("req-42", () -> executor.submit(() -> log(requestId.getStore())));  // logs req-42
 * }</pre>
 * <p>
 * Propagation is the {@link AsyncResource} mechanism: a resource captures the whole
 * storage context when it is created and restores it around its callbacks, so a pooled
 * thread never keeps a store after a task. Instances are independent of one another and
 * thread-safe.
 *
 * @param <T> the type of the store
 * @since 0.1.0
 */
public final class AsyncLocalStorage<T> {

	private final String name;

	private final @Nullable T defaultValue;

	private final int hash = StorageContext.newHash();

	private volatile StorageKey key = new StorageKey(this.hash);

	/**
	 * Create a storage with no name whose {@link #getStore()} is {@code null} when no
	 * store is set.
	 */
	public AsyncLocalStorage() {
		this("", null);
	}

	/**
	 * Create a named storage with a default value.
	 * @param name a name for diagnostics
	 * @param defaultValue what {@link #getStore()} returns when no store is set
	 * @throws NullPointerException if {@code name} is {@code null}
	 */
	public AsyncLocalStorage(String name, @Nullable T defaultValue) {
		this.name = Objects.requireNonNull(name, "'name' must not be null");
		this.defaultValue = defaultValue;
	}

	/**
	 * The name given at construction.
	 * @return the name, empty if none was given
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The current store: the one set by the innermost {@code run} or {@code enterWith} of
	 * the current execution, or captured by the resource whose callback is running.
	 * @return the store, or the default value when no store is set
	 */
	@SuppressWarnings("unchecked")
	public @Nullable T getStore() {
		Object store = ThreadState.current().store(this.key, this.hash);
		return (store != StorageContext.ABSENT) ? (T) store : this.defaultValue;
	}

	/**
	 * Run {@code fn} synchronously with {@code store} as the current store, then restore
	 * the previous one, also when {@code fn} throws. Resources created inside keep the
	 * store for their whole life.
	 * @param store the store, may be {@code null}
	 * @param fn the function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public void run(@Nullable T store, Runnable fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		StorageContext previous = state.context();
		state.setContext(previous.with(this.key, store));
		try {
			fn.run();
		}
		finally {
			state.setContext(previous);
		}
	}

	/**
	 * Call {@code fn} with {@code store} as the current store and return its value.
	 * @param <R> the type of the value
	 * @param store the store, may be {@code null}
	 * @param fn the function
	 * @return the function's value
	 * @see #run(Object, Runnable)
	 */
	public <R> R run(@Nullable T store, Supplier<R> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		StorageContext previous = state.context();
		state.setContext(previous.with(this.key, store));
		try {
			return fn.get();
		}
		finally {
			state.setContext(previous);
		}
	}

	/**
	 * Call {@code fn} with {@code store} as the current store and return its value; its
	 * checked exception reaches the caller unchanged.
	 * @param <R> the type of the value
	 * @param store the store, may be {@code null}
	 * @param fn the function
	 * @return the function's value
	 * @throws Exception what the function throws
	 * @see #run(Object, Runnable)
	 */
	public <R> R call(@Nullable T store, Callable<R> fn) throws Exception {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		StorageContext previous = state.context();
		state.setContext(previous.with(this.key, store));
		try {
			return fn.call();
		}
		finally {
			state.setContext(previous);
		}
	}

	/**
	 * Run {@code fn} with no store set for this storage (other storages are unaffected),
	 * then restore the previous store. Resources created inside see no store either.
	 * @param fn the function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public void exit(Runnable fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		StorageContext previous = state.context();
		state.setContext(previous.without(this.key));
		try {
			fn.run();
		}
		finally {
			state.setContext(previous);
		}
	}

	/**
	 * Call {@code fn} with no store set for this storage and return its value.
	 * @param <R> the type of the value
	 * @param fn the function
	 * @return the function's value
	 * @see #exit(Runnable)
	 */
	public <R> R exit(Supplier<R> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		StorageContext previous = state.context();
		state.setContext(previous.without(this.key));
		try {
			return fn.get();
		}
		finally {
			state.setContext(previous);
		}
	}

	/**
	 * Make {@code store} the current store for the rest of the current execution: until
	 * the resource callback running now returns or, on a thread running none, until
	 * changed. Resources created afterwards carry it.
	 * @param store the store, may be {@code null}
	 */
	public void enterWith(@Nullable T store) {
		ThreadState state = ThreadState.current();
		state.setContext(state.context().with(this.key, store));
	}

	/**
	 * Make every store set on this storage so far invisible everywhere, also in work
	 * already scheduled; {@link #getStore()} returns the default value until a later
	 * {@code run} or {@code enterWith}, which work as before.
	 */
	public void disable() {
		StorageKey retired = this.key;
		this.key = new StorageKey(this.hash);
		retired.disable();
	}

	/**
	 * Bind {@code fn} to the current context: when called later, from anywhere, it runs
	 * with the stores of now, which win over the caller's.
	 * @param fn the function
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 * @see AsyncResource#bind(Runnable, String)
	 */
	public static Runnable bind(Runnable fn) {
		return AsyncResource.bind(fn, null);
	}

	/**
	 * Bind {@code fn} to the current context.
	 * @param <R> the type of the value
	 * @param fn the function
	 * @return the bound function
	 * @see #bind(Runnable)
	 */
	public static <R> Supplier<R> bind(Supplier<R> fn) {
		return AsyncResource.bind(fn, null);
	}

	/**
	 * Bind {@code fn} to the current context.
	 * @param <R> the type of the value
	 * @param fn the function
	 * @return the bound function
	 * @see #bind(Runnable)
	 */
	public static <R> Callable<R> bind(Callable<R> fn) {
		return AsyncResource.bind(fn, null);
	}

	/**
	 * Bind {@code fn} to the current context.
	 * @param <A> the type of the argument
	 * @param <R> the type of the value
	 * @param fn the function
	 * @return the bound function
	 * @see #bind(Runnable)
	 */
	public static <A, R> Function<A, R> bind(Function<A, R> fn) {
		return AsyncResource.bind(fn, null);
	}

	/**
	 * Bind {@code fn} to the current context.
	 * @param <A> the type of the argument
	 * @param fn the function
	 * @return the bound function
	 * @see #bind(Runnable)
	 */
	public static <A> Consumer<A> bind(Consumer<A> fn) {
		return AsyncResource.bind(fn, null);
	}

	/**
	 * Capture the whole current context (every storage's store) to run functions in
	 * later.
	 * @return the snapshot
	 */
	public static Snapshot snapshot() {
		AsyncResource resource = new AsyncResource("AsyncLocalStorageSnapshot");
		return new Snapshot() {

			@Override
			public void run(Runnable fn) {
				resource.runInAsyncScope(fn);
			}

			@Override
			public <R> R run(Supplier<R> fn) {
				return resource.runInAsyncScope(fn);
			}

		};
	}

	/**
	 * The whole current storage context (every storage's store) as an opaque value, for
	 * context-propagation libraries that carry values between threads themselves
	 * (Micrometer's {@code ThreadLocalAccessor}): capture it here, make it current there
	 * with {@link #enterContext(Object)}. Unlike {@link #snapshot()} it creates no
	 * resource and delivers no event.
	 * @return the current context, or {@code null} when no store is set
	 * @since 0.1.0
	 */
	public static @Nullable Object captureContext() {
		StorageContext context = ThreadState.current().context();
		return context.isEmpty() ? null : context;
	}

	/**
	 * Make a context from {@link #captureContext()} current, as {@link #enterWith} does
	 * for one storage: for the rest of the resource callback running now or, on a thread
	 * running none, until changed. Restore the previous context by entering the value
	 * this returns.
	 * @param context a value from {@code captureContext()}, or {@code null} for no store
	 * @return the context this replaced, or {@code null} when no store was set
	 * @throws IllegalArgumentException if {@code context} did not come from
	 * {@code captureContext()}
	 * @since 0.1.0
	 */
	public static @Nullable Object enterContext(@Nullable Object context) {
		StorageContext next;
		if (context == null) {
			next = StorageContext.EMPTY;
		}
		else if (context instanceof StorageContext storageContext) {
			next = storageContext;
		}
		else {
			throw new IllegalArgumentException("'context' must come from AsyncLocalStorage.captureContext()");
		}
		ThreadState state = ThreadState.current();
		StorageContext previous = state.context();
		state.setContext(next);
		return previous.isEmpty() ? null : previous;
	}

	@Override
	public String toString() {
		return "AsyncLocalStorage[" + this.name + "]";
	}

	/**
	 * A captured context, from {@link AsyncLocalStorage#snapshot()}.
	 */
	public interface Snapshot {

		/**
		 * Run {@code fn} in the captured context: its stores win over the caller's.
		 * @param fn the function
		 */
		void run(Runnable fn);

		/**
		 * Call {@code fn} in the captured context and return its value.
		 * @param <R> the type of the value
		 * @param fn the function
		 * @return the function's value
		 */
		<R> R run(Supplier<R> fn);

	}

}
