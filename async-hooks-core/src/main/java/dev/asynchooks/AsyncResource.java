package dev.asynchooks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.asynchooks.internal.EngineAccess;
import dev.asynchooks.internal.OwnedResource;
import dev.asynchooks.internal.StorageContext;
import dev.asynchooks.internal.ThreadLocalPropagation;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous resource: the one way the engine learns about asynchronous work.
 * Executor tasks, timers, promises and HTTP requests are all {@code AsyncResource}s;
 * embedders create their own for work the built-in integrations do not see (a connection
 * pool, a callback API).
 * <p>
 * The constructor delivers {@code init(asyncId, type, triggerAsyncId, this)} to the
 * enabled hooks, synchronously on the constructing thread, and captures the
 * {@link AsyncLocalStorage} context of that moment, and, when Micrometer
 * context-propagation is on the class path, the values of the
 * {@code ThreadLocalAccessor}s registered in its {@code ContextRegistry} (see
 * {@link AsyncHooks#setPropagateThreadLocalAccessors(boolean)}). Each
 * {@link #runInAsyncScope(Runnable) runInAsyncScope} then runs a function with this
 * resource as the execution context and the captured stores and thread-local values
 * current, between {@code before} and {@code after}, and restores what the thread had
 * afterwards; {@link #emitDestroy()} ends the resource.
 *
 * <pre>{@code
 * class DbQuery extends AsyncResource {
 *     DbQuery() { super("DB_QUERY"); }
 *     void onResult(Row row) { runInAsyncScope(() -> callback.accept(row)); emitDestroy(); }
 * }
 * }</pre>
 * <p>
 * A resource that is never destroyed by hand is destroyed when it is garbage-collected,
 * provided a {@code destroy} hook was enabled when it was built and
 * {@link AsyncResourceOptions#requireManualDestroy()} is {@code false}.
 * <p>
 * Instances are thread-safe: a resource may be run on several threads, also at once. The
 * tasks of the wrapped executors ({@link dev.asynchooks.concurrent.AsyncExecutors}) are
 * resources too, reported to hooks and by {@link AsyncHooks#executionAsyncResource()},
 * but only their executor runs them: {@code runInAsyncScope} on one throws
 * {@link IllegalStateException}, and {@code emitDestroy()} on one ends it: after the run
 * in progress, or at once if it is queued (its function, if the executor still runs it,
 * then runs outside any resource).
 *
 * @since 0.1.0
 */
public class AsyncResource {

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(AsyncResource.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
		EngineAccess.install(new Access());
	}

	// state: DESTROYED | DESTROY_PENDING | number of scopes running * RUNNING
	private static final int DESTROYED = 1;

	private static final int DESTROY_PENDING = 2;

	private static final int RUNNING = 4;

	private final long asyncId;

	private final long triggerAsyncId;

	private final String type;

	private final Object resource;

	private final StorageContext context;

	// the values of Micrometer's registered ThreadLocalAccessors, or null
	private final @Nullable Object @Nullable [] threadLocals;

	private final boolean hidden;

	// an OwnedResource: its runs and its end are decided by its owner's state machine
	private final boolean owned;

	private final CollectedResources.@Nullable Registration collection;

	@SuppressWarnings("unused") // through STATE
	private volatile int state;

	/**
	 * Create a resource triggered by the current execution context, destroyed on garbage
	 * collection if not destroyed by hand.
	 * @param type the resource type, such as {@code "DB_QUERY"}
	 * @throws NullPointerException if {@code type} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty
	 */
	public AsyncResource(String type) {
		this(type, AsyncResourceOptions.defaults());
	}

	/**
	 * Create a resource with an explicit trigger.
	 * @param type the resource type
	 * @param triggerAsyncId the id of the resource that caused this one, {@code 0} or
	 * more
	 * @throws NullPointerException if {@code type} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty or {@code triggerAsyncId}
	 * is negative
	 */
	public AsyncResource(String type, long triggerAsyncId) {
		this(type, new AsyncResourceOptions(validTrigger(triggerAsyncId), false));
	}

	/**
	 * Create a resource with the given options.
	 * @param type the resource type
	 * @param options the trigger and destroy mode
	 * @throws NullPointerException if {@code type} or {@code options} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty or the trigger is
	 * negative
	 */
	public AsyncResource(String type, AsyncResourceOptions options) {
		this(type, options, null);
	}

	/**
	 * Create a resource that stands for another object, for integrations whose work is
	 * represented by an object that cannot extend this class (a future, a request): that
	 * object is passed to {@code init} and returned by
	 * {@link AsyncHooks#executionAsyncResource()} inside this resource's scopes.
	 * @param type the resource type
	 * @param options the trigger and destroy mode
	 * @param resource the object to report, or {@code null} for this resource itself
	 * @throws NullPointerException if {@code type} or {@code options} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty or the trigger is
	 * negative
	 */
	protected AsyncResource(String type, AsyncResourceOptions options, @Nullable Object resource) {
		this(type, Objects.requireNonNull(options, "'options' must not be null").triggerAsyncId(),
				options.requireManualDestroy(), resource);
	}

	/**
	 * Create a resource that stands for another object, with its options given one by
	 * one: for integrations that create resources by the million and would otherwise
	 * allocate an options object for each.
	 * @param type the resource type
	 * @param triggerAsyncId the id of the resource that caused this one, {@code 0} or
	 * more, or {@link AsyncResourceOptions#DEFAULT_TRIGGER_ASYNC_ID} for the current
	 * execution context
	 * @param requireManualDestroy whether only {@link #emitDestroy()} destroys the
	 * resource (never garbage collection)
	 * @param resource the object to report, or {@code null} for this resource itself
	 * @throws NullPointerException if {@code type} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty or the trigger is
	 * negative
	 * @see #AsyncResource(String, AsyncResourceOptions, Object)
	 */
	protected AsyncResource(String type, long triggerAsyncId, boolean requireManualDestroy, @Nullable Object resource) {
		Objects.requireNonNull(type, "'type' must not be null");
		if (type.isEmpty()) {
			throw new IllegalArgumentException("'type' must not be empty");
		}
		ThreadState state = ThreadState.current();
		this.triggerAsyncId = (triggerAsyncId == AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID)
				? state.executionAsyncId() : validTrigger(triggerAsyncId);
		this.asyncId = state.newAsyncId();
		this.type = type;
		this.resource = (resource != null) ? resource : this;
		this.context = state.context();
		this.threadLocals = ThreadLocalPropagation.capture();
		this.hidden = state.isHidden();
		this.owned = this instanceof OwnedResource;
		this.collection = (!this.hidden && !requireManualDestroy && HookRegistry.destroyHooksEnabled())
				? CollectedResources.register(this, this.asyncId) : null;
		if (!this.hidden) {
			initializing();
			HookRegistry.emitInit(state, this.asyncId, type, this.triggerAsyncId, this.resource);
		}
		state.clearSiteKey();
	}

	/**
	 * Called by the constructor on the constructing thread just before {@code init} is
	 * delivered, once {@link #asyncId()}, {@link #triggerAsyncId()} and {@link #type()}
	 * are set: a resource that stands for another object makes itself reachable from that
	 * object here, so that an {@code init} hook can ask that object for its id. The
	 * fields of the subclass are not set yet. Does nothing by default.
	 */
	protected void initializing() {
	}

	private static long validTrigger(long triggerAsyncId) {
		if (triggerAsyncId < 0) {
			throw new IllegalArgumentException(
					"Invalid triggerAsyncId value: " + triggerAsyncId + " ('triggerAsyncId' must be 0 or more)");
		}
		return triggerAsyncId;
	}

	/**
	 * Run a function in this resource's scope: enter it as the execution context with the
	 * stores captured at construction, emit {@code before}, call the function, emit
	 * {@code after} (also when it throws) and restore the previous context. Calls may be
	 * repeated and nested, on any thread.
	 * @param fn the function to run
	 * @throws NullPointerException if {@code fn} is {@code null}
	 * @throws IllegalStateException if the resource was destroyed
	 */
	public final void runInAsyncScope(Runnable fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		int depth = enter(state);
		try {
			fn.run();
		}
		finally {
			exit(state, depth);
		}
	}

	/**
	 * Run a function in this resource's scope and return its value.
	 * @param <T> the type of the value
	 * @param fn the function to run
	 * @return the function's value
	 * @throws NullPointerException if {@code fn} is {@code null}
	 * @throws IllegalStateException if the resource was destroyed
	 * @see #runInAsyncScope(Runnable)
	 */
	public final <T> T runInAsyncScope(Supplier<T> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		int depth = enter(state);
		try {
			return fn.get();
		}
		finally {
			exit(state, depth);
		}
	}

	/**
	 * Call a function in this resource's scope and return its value; its checked
	 * exception reaches the caller unchanged.
	 * @param <T> the type of the value
	 * @param fn the function to call
	 * @return the function's value
	 * @throws Exception what the function throws
	 * @throws NullPointerException if {@code fn} is {@code null}
	 * @throws IllegalStateException if the resource was destroyed
	 * @see #runInAsyncScope(Runnable)
	 */
	public final <T> T callInAsyncScope(Callable<T> fn) throws Exception {
		Objects.requireNonNull(fn, "'fn' must not be null");
		ThreadState state = ThreadState.current();
		int depth = enter(state);
		try {
			return fn.call();
		}
		finally {
			exit(state, depth);
		}
	}

	private int enter(ThreadState state) {
		if (this.owned) {
			throw new IllegalStateException(this + " is run only by the executor that owns it");
		}
		for (;;) {
			int current = (int) STATE.getVolatile(this);
			if ((current & (DESTROYED | DESTROY_PENDING)) != 0) {
				throw new IllegalStateException(this + " was destroyed and cannot run again");
			}
			if (STATE.weakCompareAndSet(this, current, current + RUNNING)) {
				break;
			}
		}
		return enterScope(state);
	}

	// push the frame and emit before; the caller has made sure the resource may run
	private int enterScope(ThreadState state) {
		int depth = state.enter(this.asyncId, this.triggerAsyncId, this.resource, this.hidden, this.context,
				this.threadLocals);
		if (!this.hidden) {
			HookRegistry.emitBefore(state, this.asyncId);
		}
		return depth;
	}

	private void exit(ThreadState state, int depth) {
		try {
			exitScope(state, depth);
		}
		finally {
			for (;;) {
				int current = (int) STATE.getVolatile(this);
				// the last scope to leave delivers a destroy requested while it ran
				boolean destroy = (current == DESTROY_PENDING + RUNNING);
				int next = destroy ? DESTROYED : current - RUNNING;
				if (STATE.weakCompareAndSet(this, current, next)) {
					if (destroy) {
						destroyNow(state);
					}
					break;
				}
			}
		}
	}

	// emit after and pop the frame, also when a hook throws
	private void exitScope(ThreadState state, int depth) {
		try {
			if (!this.hidden) {
				HookRegistry.emitAfter(state, this.asyncId);
			}
		}
		finally {
			state.exit(depth);
		}
	}

	/**
	 * End the resource: deliver {@code destroy} to the enabled hooks, on the calling
	 * thread. Only the first call has an effect. Called while the resource runs (on any
	 * thread), the {@code destroy} is delivered when its last running scope has emitted
	 * {@code after}: it never arrives between a {@code before} and its {@code after}.
	 * @return this resource
	 */
	public final AsyncResource emitDestroy() {
		if (this.owned) {
			// the owner delivers it, after the run in progress if there is one
			((OwnedResource) this).requestEnd();
			return this;
		}
		for (;;) {
			int current = (int) STATE.getVolatile(this);
			if ((current & (DESTROYED | DESTROY_PENDING)) != 0) {
				return this;
			}
			int next = (current >= RUNNING) ? current | DESTROY_PENDING : DESTROYED;
			if (STATE.weakCompareAndSet(this, current, next)) {
				if (next == DESTROYED) {
					destroyNow(ThreadState.current());
				}
				return this;
			}
		}
	}

	private void destroyNow(ThreadState state) {
		if (this.collection != null) {
			this.collection.destroyNow(state);
		}
		else if (!this.hidden) {
			HookRegistry.emitDestroy(state, this.asyncId);
		}
	}

	/**
	 * Deliver {@code promiseResolve} for this resource to the enabled hooks, on the
	 * calling thread, for resources that stand for a promise: call it once, when the
	 * promise is completed and before anything that depends on it runs. Like every other
	 * event of this resource, it is not delivered when the resource was created inside a
	 * hook callback (see {@link HookCallbacks}).
	 */
	protected final void emitPromiseResolve() {
		if (!this.hidden) {
			HookRegistry.emitPromiseResolve(this.asyncId);
		}
	}

	/**
	 * Whether {@link #emitDestroy()} was called.
	 * @return {@code true} once the resource is destroyed or its destroy is pending
	 */
	public final boolean isDestroyed() {
		if (this.owned) {
			return ((OwnedResource) this).isEndRequested();
		}
		return ((int) STATE.getVolatile(this) & (DESTROYED | DESTROY_PENDING)) != 0;
	}

	/**
	 * The unique id of this resource.
	 * @return the id, greater than 1
	 */
	public final long asyncId() {
		return this.asyncId;
	}

	/**
	 * The id of the resource that caused this one.
	 * @return the trigger id
	 */
	public final long triggerAsyncId() {
		return this.triggerAsyncId;
	}

	/**
	 * The type given at construction.
	 * @return the type
	 */
	public final String type() {
		return this.type;
	}

	/**
	 * A function that runs {@code fn} in this resource's scope each time it is called.
	 * @param fn the function
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public final Runnable bind(Runnable fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return () -> runInAsyncScope(fn);
	}

	/**
	 * A function that calls {@code fn} in this resource's scope each time it is called.
	 * @param <T> the type of the value
	 * @param fn the function
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public final <T> Supplier<T> bind(Supplier<T> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return () -> runInAsyncScope(fn);
	}

	/**
	 * A function that calls {@code fn} in this resource's scope each time it is called.
	 * @param <T> the type of the value
	 * @param fn the function
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public final <T> Callable<T> bind(Callable<T> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return () -> callInAsyncScope(fn);
	}

	/**
	 * A function that applies {@code fn} in this resource's scope each time it is called.
	 * @param <T> the type of the argument
	 * @param <R> the type of the value
	 * @param fn the function
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public final <T, R> Function<T, R> bind(Function<T, R> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return (argument) -> runInAsyncScope(() -> fn.apply(argument));
	}

	/**
	 * A function that accepts its argument with {@code fn} in this resource's scope.
	 * @param <T> the type of the argument
	 * @param fn the function
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public final <T> Consumer<T> bind(Consumer<T> fn) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return (argument) -> runInAsyncScope(() -> fn.accept(argument));
	}

	/**
	 * Bind {@code fn} to a new resource created now, in the current context: when called
	 * later, from anywhere, it runs with that resource as its execution context and the
	 * stores of now.
	 * @param fn the function
	 * @param type the type of the new resource, or {@code null} for the function's class
	 * simple name ({@code bound-anonymous-fn} for lambdas and anonymous classes)
	 * @return the bound function
	 * @throws NullPointerException if {@code fn} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is empty
	 */
	public static Runnable bind(Runnable fn, @Nullable String type) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return new AsyncResource(boundType(fn, type)).bind(fn);
	}

	/**
	 * Bind {@code fn} to a new resource created now.
	 * @param <T> the type of the value
	 * @param fn the function
	 * @param type the type of the new resource, or {@code null} for the function's name
	 * @return the bound function
	 * @see #bind(Runnable, String)
	 */
	public static <T> Supplier<T> bind(Supplier<T> fn, @Nullable String type) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return new AsyncResource(boundType(fn, type)).bind(fn);
	}

	/**
	 * Bind {@code fn} to a new resource created now.
	 * @param <T> the type of the value
	 * @param fn the function
	 * @param type the type of the new resource, or {@code null} for the function's name
	 * @return the bound function
	 * @see #bind(Runnable, String)
	 */
	public static <T> Callable<T> bind(Callable<T> fn, @Nullable String type) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return new AsyncResource(boundType(fn, type)).bind(fn);
	}

	/**
	 * Bind {@code fn} to a new resource created now.
	 * @param <T> the type of the argument
	 * @param <R> the type of the value
	 * @param fn the function
	 * @param type the type of the new resource, or {@code null} for the function's name
	 * @return the bound function
	 * @see #bind(Runnable, String)
	 */
	public static <T, R> Function<T, R> bind(Function<T, R> fn, @Nullable String type) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return new AsyncResource(boundType(fn, type)).bind(fn);
	}

	/**
	 * Bind {@code fn} to a new resource created now.
	 * @param <T> the type of the argument
	 * @param fn the function
	 * @param type the type of the new resource, or {@code null} for the function's name
	 * @return the bound function
	 * @see #bind(Runnable, String)
	 */
	public static <T> Consumer<T> bind(Consumer<T> fn, @Nullable String type) {
		Objects.requireNonNull(fn, "'fn' must not be null");
		return new AsyncResource(boundType(fn, type)).bind(fn);
	}

	static String boundType(Object fn, @Nullable String type) {
		if (type != null) {
			return type;
		}
		Class<?> functionClass = fn.getClass();
		String name = functionClass.getSimpleName();
		return (name.isEmpty() || functionClass.isSynthetic() || functionClass.isHidden()) ? "bound-anonymous-fn"
				: name;
	}

	@Override
	public String toString() {
		return this.type + "(" + this.asyncId + ") trigger: " + this.triggerAsyncId;
	}

	/**
	 * The engine access for the other packages of this module (see {@link EngineAccess}):
	 * runs and ends an {@link OwnedResource} for its owner, without the bookkeeping that
	 * lets any caller run and destroy a resource concurrently (the owner's own state
	 * machine already guarantees that a run never overlaps another of its runs, nor its
	 * destroy), and reads the state of the hook registry.
	 */
	private static final class Access extends EngineAccess {

		@Override
		public boolean anyHookEnabled() {
			return HookRegistry.anyEnabled();
		}

		@Override
		public boolean destroyHooksEnabled() {
			return HookRegistry.destroyHooksEnabled();
		}

		@Override
		public void nextSiteKey(@Nullable Object key) {
			// no hook, no registry to read it: not even the thread-local lookup
			if (HookRegistry.anyEnabled()) {
				ThreadState.current().nextSiteKey(key);
			}
		}

		@Override
		public long hookErrors() {
			return HookErrors.count();
		}

		@Override
		public void run(AsyncResource resource, ThreadState state, Runnable fn) {
			int depth = resource.enterScope(state);
			try {
				fn.run();
			}
			finally {
				resource.exitScope(state, depth);
			}
		}

		@Override
		public <T> T call(AsyncResource resource, ThreadState state, Callable<T> fn) throws Exception {
			int depth = resource.enterScope(state);
			try {
				return fn.call();
			}
			finally {
				resource.exitScope(state, depth);
			}
		}

		@Override
		public int enter(AsyncResource resource, ThreadState state) {
			return resource.enterScope(state);
		}

		@Override
		public void exit(AsyncResource resource, ThreadState state, int depth) {
			resource.exitScope(state, depth);
		}

		@Override
		public void destroy(AsyncResource resource, ThreadState state) {
			// only the owner moves the state of an owned resource, once
			STATE.setRelease(resource, DESTROYED);
			resource.destroyNow(state);
		}

	}

}
