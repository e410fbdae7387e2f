package dev.asynchooks.internal;

import java.util.Set;
import java.util.concurrent.Callable;

import dev.asynchooks.AsyncResource;
import org.jspecify.annotations.Nullable;

/**
 * How the other packages of this module reach the engine's parts that are package-private
 * in {@code dev.asynchooks}: running and ending an {@link OwnedResource} for its owner,
 * and reading whether hooks are enabled. A {@code SharedSecrets}-style access object:
 * {@link AsyncResource} installs the only instance from its static initializer, and the
 * integrations of {@code dev.asynchooks.concurrent} and {@code dev.asynchooks.live} get
 * it once, into a {@code static final} field.
 * <p>
 * <b>The one exception to "{@code internal} does not depend on
 * {@code dev.asynchooks}".</b> Its methods name {@link AsyncResource}, whose members they
 * need, and {@link AsyncResource} installs it: the only package cycle of the module,
 * checked by the architecture test. Hook dispatch and its registry are package-private in
 * {@code dev.asynchooks}, so no other type of this package refers to the API.
 * <p>
 * <b>Sealed.</b> This package is not exported by the module {@code dev.asynchooks}, so
 * code outside the module cannot reach it on the module path. On the class path, where
 * every class is in one unnamed module, {@link #get()} still answers only classes of this
 * library's packages loaded by its own class loader, and {@link #install} accepts only
 * the access object nested in {@link AsyncResource}.
 */
public abstract class EngineAccess {

	private static final Set<String> ENGINE_PACKAGES = Set.of("dev.asynchooks", "dev.asynchooks.concurrent",
			"dev.asynchooks.internal", "dev.asynchooks.live");

	private static final StackWalker stackWalker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static volatile @Nullable EngineAccess instance;

	protected EngineAccess() {
	}

	/**
	 * Install the access object; called once, by {@link AsyncResource}'s static
	 * initializer.
	 * @param access the access object, nested in {@link AsyncResource}
	 * @throws IllegalStateException if one is installed already
	 * @throws IllegalArgumentException if the access object is not
	 * {@link AsyncResource}'s
	 */
	public static synchronized void install(EngineAccess access) {
		if (access.getClass().getNestHost() != AsyncResource.class) {
			throw new IllegalArgumentException("Only AsyncResource installs the engine access");
		}
		if (instance != null) {
			throw new IllegalStateException("Engine access is already installed");
		}
		instance = access;
	}

	/**
	 * The access object, for a class of this library; call it once and keep the result in
	 * a {@code static final} field (the caller is checked on each call).
	 * @return the access object
	 * @throws IllegalCallerException if the caller is not a class of this library
	 */
	public static EngineAccess get() {
		Class<?> caller = stackWalker.getCallerClass();
		if (caller.getModule() != EngineAccess.class.getModule()
				|| caller.getClassLoader() != EngineAccess.class.getClassLoader()
				|| !ENGINE_PACKAGES.contains(caller.getPackageName())) {
			throw new IllegalCallerException(caller + " may not use the engine access");
		}
		EngineAccess access = instance;
		if (access == null) {
			initialize(AsyncResource.class);
			access = instance;
			if (access == null) {
				throw new IllegalStateException("AsyncResource did not install the engine access");
			}
		}
		return access;
	}

	private static void initialize(Class<?> type) {
		try {
			Class.forName(type.getName(), true, type.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether any hook is enabled.
	 * @return {@code true} while at least one hook is enabled
	 */
	public abstract boolean anyHookEnabled();

	/**
	 * Whether a {@code destroy} hook is enabled: resources built now need
	 * garbage-collection tracking only then, as in Node.
	 * @return whether any enabled hook overrides {@code destroy}
	 */
	public abstract boolean destroyHooksEnabled();

	/**
	 * How many hook callbacks threw since the JVM started.
	 * @return the number of failures handled by the hook error policy
	 */
	public abstract long hookErrors();

	/**
	 * Run {@code fn} in the resource's scope: frame, {@code before}, call, {@code after},
	 * pop.
	 * @param resource the resource, an {@link OwnedResource}
	 * @param state the current thread's state
	 * @param fn the function
	 */
	public abstract void run(AsyncResource resource, ThreadState state, Runnable fn);

	/**
	 * Call {@code fn} in the resource's scope.
	 * @param <T> the type of the value
	 * @param resource the resource, an {@link OwnedResource}
	 * @param state the current thread's state
	 * @param fn the function
	 * @return the function's value
	 * @throws Exception what the function throws
	 */
	public abstract <T> T call(AsyncResource resource, ThreadState state, Callable<T> fn) throws Exception;

	/**
	 * Enter the resource's scope: push its frame and emit {@code before}. For owners that
	 * run code in the scope without a function object; {@link #exit} must follow in a
	 * {@code finally} block on the same thread.
	 * @param resource the resource, an {@link OwnedResource}
	 * @param state the current thread's state
	 * @return the depth to give to {@link #exit}
	 */
	public abstract int enter(AsyncResource resource, ThreadState state);

	/**
	 * Leave the resource's scope entered with {@link #enter}: emit {@code after} and pop
	 * its frame, also when a hook throws.
	 * @param resource the resource, an {@link OwnedResource}
	 * @param state the current thread's state
	 * @param depth what {@link #enter} returned
	 */
	public abstract void exit(AsyncResource resource, ThreadState state, int depth);

	/**
	 * Destroy the resource now (the owner has ended it).
	 * @param resource the resource, an {@link OwnedResource}
	 * @param state the current thread's state
	 */
	public abstract void destroy(AsyncResource resource, ThreadState state);

}
