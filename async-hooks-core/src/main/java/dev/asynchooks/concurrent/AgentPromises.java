package dev.asynchooks.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.internal.PromiseAccess;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * The promises of the {@code -javaagent}: every plain {@code CompletableFuture} gets the
 * {@link PromiseResource} of a {@link TrackedCompletableFuture}, with the same events and
 * contexts, while the JDK's own code completes it and runs its dependents. The agent
 * tells this class what happens inside {@code CompletableFuture} (a future made, about to
 * be completed, a stage registered); this class decides the events.
 * <p>
 * A dependent stage is made inside the call that registers its function
 * ({@code thenApply} and the like): the function is replaced by a {@link Dependent},
 * which runs it in the stage's scope with the stores of the caller, and the next future
 * constructed on this thread is the stage (a per-thread slot, restored when the call
 * returns, so that a call nested in it, such as a minimal stage's
 * {@code toCompletableFuture()} that {@code thenCombine} makes first, keeps its own). A
 * custom {@code CompletionStage} whose {@code toCompletableFuture()} constructs a plain
 * future directly would take the stage's place: that future would be triggered by the
 * source and the stage by the current context. Installed as the {@link PromiseAccess}.
 */
final class AgentPromises extends PromiseAccess {

	private static final AgentPromises instance = new AgentPromises();

	static {
		PromiseAccess.install(instance);
	}

	// what the next future constructed on this thread is: null (a promise triggered by
	// the current context), a Dependent (the stage of that function), a Pending (a
	// stage without a function, or not a promise), or INTERNAL (not a promise)
	private static final ThreadLocal<Slot> slot = ThreadLocal.withInitial(Slot::new);

	private static final Object INTERNAL = new Object();

	private AgentPromises() {
	}

	@Override
	public @Nullable Object created(CompletableFuture<?> future, boolean completed) {
		if (future instanceof TrackedCompletableFuture) {
			return null; // a promise already
		}
		Slot current = slot.get();
		Object next = current.next;
		long trigger = AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID;
		Dependent dependent = null;
		if (next instanceof Dependent pending) {
			current.next = null;
			trigger = pending.triggerAsyncId;
			dependent = pending;
		}
		else if (next instanceof Pending pending) {
			current.next = pending.after;
			if (!pending.promise) {
				return null;
			}
			trigger = pending.triggerAsyncId;
		}
		else if (next == INTERNAL) {
			return null;
		}
		if (dependent != null) {
			// the user's function names the creation site, as for
			// TrackedCompletableFuture
			PromiseResource.OWNED.nextSiteKey(dependent.function);
		}
		AgentPromise promise = new AgentPromise(trigger, future);
		if (dependent != null) {
			dependent.promise = promise;
		}
		if (completed) {
			promise.claim();
		}
		return promise;
	}

	@Override
	public void completing(@Nullable Object promise) {
		if (promise instanceof AgentPromise agentPromise) {
			agentPromise.claim();
		}
	}

	@Override
	public @Nullable Object registering(@Nullable Object sourcePromise, @Nullable Object function, boolean composes) {
		if (function == null) {
			return null; // the JDK throws
		}
		Slot current = slot.get();
		if (current.next == INTERNAL) {
			return function;
		}
		if (isOwn(function)) {
			// a stage through which this library listens to a plain future
			current.next = new Pending(AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID, false, current.next,
					current.next);
			return function;
		}
		Dependent dependent = new Dependent(function, composes);
		dependent.triggerAsyncId = triggerOf(sourcePromise);
		dependent.previous = current.next;
		current.next = dependent;
		return dependent;
	}

	@Override
	public @Nullable Object completingWith(@Nullable Object promise, @Nullable Object supplier) {
		if (supplier == null || !(promise instanceof AgentPromise agentPromise)) {
			return supplier;
		}
		Dependent dependent = new Dependent(supplier, false);
		dependent.promise = agentPromise;
		return dependent;
	}

	@Override
	public @Nullable Object deriving(@Nullable Object sourcePromise) {
		Slot current = slot.get();
		if (current.next == INTERNAL) {
			return null;
		}
		Pending pending = new Pending(triggerOf(sourcePromise), true, current.next, null);
		current.next = pending;
		return pending;
	}

	@Override
	public @Nullable Object internal(boolean firstIsPromise) {
		Slot current = slot.get();
		Object previous = current.next;
		if (previous == INTERNAL) {
			return null;
		}
		Pending pending = new Pending(AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID, true, previous, INTERNAL);
		current.next = firstIsPromise ? pending : INTERNAL;
		return pending;
	}

	@Override
	public void registered(@Nullable Object token, @Nullable Object promise, boolean done) {
		if (token instanceof Dependent dependent) {
			// once its stage is made, the slot is empty again unless the call came
			// inside another one's
			if (dependent.promise == null || dependent.previous != null) {
				slot.get().next = dependent.previous;
			}
		}
		else if (token instanceof Pending pending) {
			slot.get().next = pending.previous;
		}
		if (done && promise instanceof AgentPromise agentPromise) {
			agentPromise.claim();
		}
	}

	/**
	 * Start code of this library that uses plain futures for its own bookkeeping (the
	 * stages through which a {@code TrackedCompletableFuture} listens to a plain one):
	 * the futures it makes are not promises under the agent, and nothing else changes.
	 * @return the token for {@link #endInternal}
	 */
	static @Nullable Object startInternal() {
		return instance.internal(false);
	}

	/**
	 * Start code of this library after which the next future constructed on this thread
	 * is not a promise under the agent (an executor's future that a
	 * {@code TrackedCompletableFuture} replaces), and nothing else changes.
	 * @return the token for {@link #endInternal}
	 */
	static @Nullable Object startNextInternal() {
		Slot current = slot.get();
		if (current.next == INTERNAL) {
			return null;
		}
		Pending pending = new Pending(AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID, false, current.next, current.next);
		current.next = pending;
		return pending;
	}

	/**
	 * End what {@link #startInternal()} or {@link #startNextInternal()} started.
	 * @param token what it returned
	 */
	static void endInternal(@Nullable Object token) {
		instance.registered(token, null, false);
	}

	private static boolean isOwn(Object function) {
		Class<?> type = function.getClass();
		return type.getClassLoader() == AgentPromises.class.getClassLoader()
				&& type.getPackageName().equals(AgentPromises.class.getPackageName());
	}

	private static long triggerOf(@Nullable Object sourcePromise) {
		return (sourcePromise instanceof AgentPromise source) ? source.asyncId()
				: AsyncResourceOptions.DEFAULT_TRIGGER_ASYNC_ID;
	}

	/** What is pending on one thread. */
	private static final class Slot {

		@Nullable Object next;

	}

	/**
	 * A future without a function about to be made by the call in progress: its trigger
	 * (or that it is not a promise); what was pending before the call, restored when it
	 * returns; what is pending once the future is made.
	 */
	private static final class Pending {

		final long triggerAsyncId;

		// whether the future is a promise at all
		final boolean promise;

		final @Nullable Object previous;

		final @Nullable Object after;

		Pending(long triggerAsyncId, boolean promise, @Nullable Object previous, @Nullable Object after) {
			this.triggerAsyncId = triggerAsyncId;
			this.promise = promise;
			this.previous = previous;
			this.after = after;
		}

	}

	/**
	 * The {@code PROMISE} of a plain future: delivers {@code promiseResolve} (and then
	 * {@code destroy}, by the state machine) once, for whichever completion comes first:
	 * its function's return, a completion method, a direct write by the JDK.
	 */
	static final class AgentPromise extends PromiseResource {

		private static final VarHandle CLAIMED;

		static {
			try {
				CLAIMED = MethodHandles.lookup().findVarHandle(AgentPromise.class, "claimed", boolean.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		@SuppressWarnings("unused") // through CLAIMED
		private volatile boolean claimed;

		AgentPromise(long triggerAsyncId, CompletableFuture<?> future) {
			super(triggerAsyncId, future);
		}

		void claim() {
			if (!this.claimed && CLAIMED.compareAndSet(this, false, true)) {
				resolved();
			}
		}

	}

	/**
	 * A dependent's function, registered with the JDK instead of the application's: it
	 * runs the function in its stage's scope ({@code before}, the function,
	 * {@code promiseResolve}, {@code after}, {@code destroy}) with the stores of the code
	 * that registered it. It implements every functional interface a
	 * {@code CompletableFuture} method takes; the JDK calls the one the method declares.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static final class Dependent implements Function, BiFunction, Consumer, BiConsumer, Runnable, Supplier {

		private static final int FUNCTION = 0;

		private static final int BI_FUNCTION = 1;

		private static final int CONSUMER = 2;

		private static final int BI_CONSUMER = 3;

		private static final int RUNNABLE = 4;

		private static final int SUPPLIER = 5;

		private final Object function;

		// settled by the stage its function returns, not by the function
		private final boolean composes;

		@Nullable AgentPromise promise;

		// while its stage is being made: the stage's trigger, and what was pending
		// before the call that registers it
		long triggerAsyncId;

		@Nullable Object previous;

		Dependent(Object function, boolean composes) {
			this.function = function;
			this.composes = composes;
		}

		@Override
		public @Nullable Object apply(@Nullable Object value) {
			return run(FUNCTION, value, null);
		}

		@Override
		public @Nullable Object apply(@Nullable Object value, @Nullable Object other) {
			return run(BI_FUNCTION, value, other);
		}

		@Override
		public void accept(@Nullable Object value) {
			run(CONSUMER, value, null);
		}

		@Override
		public void accept(@Nullable Object value, @Nullable Object other) {
			run(BI_CONSUMER, value, other);
		}

		@Override
		public void run() {
			run(RUNNABLE, null, null);
		}

		@Override
		public @Nullable Object get() {
			return run(SUPPLIER, null, null);
		}

		private @Nullable Object run(int kind, @Nullable Object value, @Nullable Object other) {
			AgentPromise promise = this.promise;
			if (promise == null || !promise.startRun()) {
				// not a promise of its own, or settled before its function ran
				return invoke(kind, value, other);
			}
			ThreadState state = ThreadState.current();
			try {
				int depth = PromiseResource.OWNED.enter(promise, state);
				try {
					Object result;
					try {
						result = invoke(kind, value, other);
					}
					catch (Throwable ex) {
						settled(promise);
						throw ex;
					}
					settled(promise);
					return result;
				}
				finally {
					PromiseResource.OWNED.exit(promise, state, depth);
				}
			}
			finally {
				promise.endRun(state);
			}
		}

		private @Nullable Object invoke(int kind, @Nullable Object value, @Nullable Object other) {
			switch (kind) {
				case FUNCTION:
					return ((Function) this.function).apply(value);
				case BI_FUNCTION:
					return ((BiFunction) this.function).apply(value, other);
				case CONSUMER:
					((Consumer) this.function).accept(value);
					return null;
				case BI_CONSUMER:
					((BiConsumer) this.function).accept(value, other);
					return null;
				case RUNNABLE:
					((Runnable) this.function).run();
					return null;
				default:
					return ((Supplier) this.function).get();
			}
		}

		private void settled(AgentPromise promise) {
			// the JDK completes the stage with what the function returned or threw:
			// resolved now, inside the scope, as in Node (a composing stage is resolved
			// by the stage its function returns)
			if (!this.composes) {
				promise.claim();
			}
		}

		@Override
		public Dependent andThen(Function after) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String toString() {
			return this.function.toString();
		}

	}

}
