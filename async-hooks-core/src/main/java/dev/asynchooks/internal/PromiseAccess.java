package dev.asynchooks.internal;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * How the {@code -javaagent} ({@code dev.asynchooks.agent}, whose advice runs inside
 * {@code java.util.concurrent.CompletableFuture}) makes every plain
 * {@code CompletableFuture} a {@code PROMISE}, with the resource and the state machine of
 * {@code TrackedCompletableFuture}. A {@code SharedSecrets}-style access object, like
 * {@link EngineAccess}: a package-private class of {@code dev.asynchooks.concurrent}
 * installs the only instance, and {@link #get()} answers only the agent's package, loaded
 * by the core's own class loader (under the agent, both are on the bootstrap class path).
 * Its methods name JDK types only: the promise state is an opaque object that the agent
 * keeps in a field it adds to {@code CompletableFuture}.
 * <p>
 * Not API: this package is not exported by the module {@code dev.asynchooks}.
 */
public abstract class PromiseAccess {

	private static final String INSTALLER = "dev.asynchooks.concurrent.AgentPromises";

	private static final String AGENT_PACKAGE = "dev.asynchooks.agent";

	private static final StackWalker stackWalker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static volatile @Nullable PromiseAccess instance;

	protected PromiseAccess() {
	}

	/**
	 * Install the access object; called once, by the core's promise support when it is
	 * initialized.
	 * @param access the access object, a class of {@code dev.asynchooks.concurrent}
	 * @throws IllegalStateException if one is installed already
	 * @throws IllegalArgumentException if the access object is not the core's
	 */
	public static synchronized void install(PromiseAccess access) {
		Class<?> type = access.getClass();
		if (!type.getName().equals(INSTALLER) || type.getClassLoader() != PromiseAccess.class.getClassLoader()
				|| type.getModule() != PromiseAccess.class.getModule()) {
			throw new IllegalArgumentException("Only the core installs the promise access");
		}
		if (instance != null) {
			throw new IllegalStateException("Promise access is already installed");
		}
		instance = access;
	}

	/**
	 * The access object, for the agent; call it once and keep the result in a
	 * {@code static final} field.
	 * @return the access object
	 * @throws IllegalCallerException if the caller is not a class of the agent loaded by
	 * the core's class loader
	 */
	public static PromiseAccess get() {
		Class<?> caller = stackWalker.getCallerClass();
		if (caller.getModule() != PromiseAccess.class.getModule()
				|| caller.getClassLoader() != PromiseAccess.class.getClassLoader()
				|| !(caller.getPackageName().equals(AGENT_PACKAGE)
						|| caller.getPackageName().startsWith(AGENT_PACKAGE + "."))) {
			throw new IllegalCallerException(caller + " may not use the promise access");
		}
		PromiseAccess access = instance;
		if (access == null) {
			try {
				Class.forName(INSTALLER, true, PromiseAccess.class.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
			access = instance;
			if (access == null) {
				throw new IllegalStateException(INSTALLER + " did not install the promise access");
			}
		}
		return access;
	}

	/**
	 * A future was constructed: its {@code PROMISE} resource, created now ({@code init}
	 * on this thread). Its trigger is the source of the stage being registered on this
	 * thread, if the future is that stage, else the current execution context.
	 * @param future the new future
	 * @param completed whether it is constructed complete
	 * ({@code CompletableFuture.completedFuture} and the like)
	 * @return the promise state to keep with the future, or {@code null} when the future
	 * is not a promise of its own (a {@code TrackedCompletableFuture}, the inner nodes of
	 * {@code allOf}, the stage that cancels a timeout)
	 */
	public abstract @Nullable Object created(CompletableFuture<?> future, boolean completed);

	/**
	 * A future is being completed (its result is still unset): {@code promiseResolve},
	 * then {@code destroy} unless its function is running, once per promise.
	 * @param promise the promise state, or {@code null}
	 */
	public abstract void completing(@Nullable Object promise);

	/**
	 * A dependent stage is being registered with {@code function}: the function that runs
	 * instead, in the new stage's scope and in the caller's context. The next future
	 * constructed on this thread, before {@link #registered}, is that stage.
	 * @param sourcePromise the promise state of the source, or {@code null} for a stage
	 * with no source ({@code supplyAsync}, {@code runAsync})
	 * @param function the application's function ({@code Function}, {@code BiFunction},
	 * {@code Consumer}, {@code BiConsumer}, {@code Runnable} or {@code Supplier}), or
	 * {@code null}
	 * @param composes whether the stage is settled by the stage its function returns
	 * ({@code thenCompose}, {@code exceptionallyCompose}) rather than by the function
	 * @return the function to register instead (it implements the same interface), also
	 * the token to give to {@link #registered}
	 */
	public abstract @Nullable Object registering(@Nullable Object sourcePromise, @Nullable Object function,
			boolean composes);

	/**
	 * A function is given to an existing future ({@code completeAsync}): the function
	 * that runs instead, in that future's scope and in the caller's context.
	 * @param promise the promise state of the future, or {@code null}
	 * @param supplier the supplier, or {@code null}
	 * @return the supplier to use instead
	 */
	public abstract @Nullable Object completingWith(@Nullable Object promise, @Nullable Object supplier);

	/**
	 * A stage without a function of its own ({@code copy},
	 * {@code minimalCompletionStage}, a minimal stage's {@code toCompletableFuture}) is
	 * being made from a source: the next future constructed on this thread is triggered
	 * by it.
	 * @param sourcePromise the promise state of the source, or {@code null}
	 * @return the token to give to {@link #registered}
	 */
	public abstract @Nullable Object deriving(@Nullable Object sourcePromise);

	/**
	 * The futures that the JDK makes for itself during the call that starts now
	 * ({@code allOf}'s inner nodes, the timeout canceller of {@code orTimeout}) are not
	 * promises, and functions registered during it are not wrapped; with
	 * {@code firstIsPromise}, the first future made is one (the future {@code allOf}
	 * returns).
	 * @param firstIsPromise whether the first future constructed is a promise
	 * @return the token to give to {@link #registered}
	 */
	public abstract @Nullable Object internal(boolean firstIsPromise);

	/**
	 * The call that {@link #registering}, {@link #deriving} or {@link #internal} started
	 * returns (or throws): restore what was pending on this thread before it, and, if
	 * {@code returned} was completed by a direct write to its result, deliver its
	 * {@code promiseResolve} and {@code destroy} now.
	 * @param token what the start returned
	 * @param promise the promise state of the future returned, or {@code null}
	 * @param done whether that future is complete
	 */
	public abstract void registered(@Nullable Object token, @Nullable Object promise, boolean done);

}
