package dev.asynchooks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.asynchooks.internal.ThreadLocalPropagation;
import dev.asynchooks.internal.ThreadState;

/**
 * Entry point of the engine, the counterpart of Node's {@code async_hooks} module: create
 * hooks, read the execution context, and set the error policy.
 * <p>
 * The execution context is per thread. Outside any resource callback
 * {@link #executionAsyncId()} is {@code 1} (the bootstrap context) and
 * {@link #triggerAsyncId()} is {@code 0}; inside one they are the resource and its
 * trigger, restored when the callback returns or throws.
 *
 * <pre>{@code
 * AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
 *     public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
 *         System.out.printf("%s(%d): trigger: %d execution: %d%n", type, asyncId, triggerAsyncId,
 *                 AsyncHooks.executionAsyncId());
 *     }
 * }).enable();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AsyncHooks {

	private AsyncHooks() {
	}

	/**
	 * Create a hook for the given callbacks. The hook starts disabled: call
	 * {@link AsyncHook#enable()}.
	 * @param callbacks the callbacks to call
	 * @return a new, disabled hook
	 * @throws NullPointerException if {@code callbacks} is {@code null}
	 * @throws IllegalArgumentException if the system property
	 * {@code asynchooks.onHookError} holds no valid policy (and none was set in code), so
	 * that a misspelt property fails where the hook is made, not when it first throws
	 */
	public static AsyncHook createHook(HookCallbacks callbacks) {
		Objects.requireNonNull(callbacks, "'callbacks' must not be null");
		HookErrors.policy();
		return new AsyncHook(callbacks);
	}

	/**
	 * The id of the resource whose callback the current thread is running, or {@code 1}
	 * (the bootstrap context) when it runs none. Inside {@code init} this is the
	 * creator's context; inside {@code before}/{@code after} it is the resource being
	 * entered or left.
	 * @return the current execution id
	 */
	public static long executionAsyncId() {
		return ThreadState.current().executionAsyncId();
	}

	/**
	 * The trigger of the resource whose callback the current thread is running, or
	 * {@code 0} when it runs none.
	 * @return the current trigger id
	 */
	public static long triggerAsyncId() {
		return ThreadState.current().triggerAsyncId();
	}

	/**
	 * The object that was passed to {@code init} for the current
	 * {@link #executionAsyncId()}, or one fixed root object when the thread runs no
	 * resource callback.
	 * @return the current resource, never {@code null}
	 */
	public static Object executionAsyncResource() {
		return ThreadState.current().executionAsyncResource();
	}

	/**
	 * The built-in resource types, each mapped to a distinct number, {@code NONE} to
	 * {@code 0}.
	 * @return an unmodifiable map in a stable order
	 * @see ResourceTypes
	 */
	public static Map<String, Integer> asyncWrapProviders() {
		return ResourceTypes.PROVIDERS;
	}

	/**
	 * The hooks that are enabled now, in the order they are called.
	 * @return an unmodifiable snapshot
	 */
	public static List<AsyncHook> enabledHooks() {
		return HookRegistry.enabledHooks();
	}

	/**
	 * Set what happens when a hook callback throws, for the whole process.
	 * @param policy the policy
	 * @throws NullPointerException if {@code policy} is {@code null}
	 */
	public static void setHookErrorPolicy(HookErrorPolicy policy) {
		HookErrors.setPolicy(policy);
	}

	/**
	 * Set where hook callbacks that throw are reported, for the whole process, before the
	 * {@link HookErrorPolicy} is applied. The default,
	 * {@link HookErrorReporter#standardError()}, prints the stack trace to
	 * {@code System.err}; a framework sets a reporter that logs instead.
	 * @param reporter the reporter
	 * @throws NullPointerException if {@code reporter} is {@code null}
	 */
	public static void setHookErrorReporter(HookErrorReporter reporter) {
		HookErrors.setReporter(reporter);
	}

	/**
	 * Where hook callbacks that throw are reported.
	 * @return the reporter in force, {@link HookErrorReporter#standardError()} unless set
	 */
	public static HookErrorReporter hookErrorReporter() {
		return HookErrors.reporter();
	}

	/**
	 * What happens when a hook callback throws: {@link HookErrorPolicy#EXIT} unless set
	 * by {@link #setHookErrorPolicy} or the system property
	 * {@code asynchooks.onHookError=exit|halt|disable-hook}.
	 * @return the policy in force
	 * @throws IllegalArgumentException if the system property holds no valid policy
	 */
	public static HookErrorPolicy hookErrorPolicy() {
		return HookErrors.policy();
	}

	/**
	 * Switch, for the whole process, whether resources carry the values of the
	 * {@code ThreadLocalAccessor}s registered in Micrometer's {@code ContextRegistry}
	 * (the current Observation and span, a security context, the MDC) from where they are
	 * created to each of their runs, as they carry {@link AsyncLocalStorage} stores. On
	 * by default when Micrometer context-propagation is on the class path, unless the
	 * system property {@code asynchooks.propagation.thread-local-accessors} is
	 * {@code false}. Resources created while it is off carry nothing, also after it is
	 * switched on.
	 * <p>
	 * Under the agent the engine is on the bootstrap class path, which does not see
	 * Micrometer: switching the propagation on then also binds the engine, once for the
	 * JVM, to the registry that the caller's class loader sees (the starter does this at
	 * startup). Without that call the engine binds, at the first resource it creates, to
	 * the registry of that thread's context class loader or of the system class loader,
	 * if either sees Micrometer.
	 * @param propagate whether to carry them
	 */
	public static void setPropagateThreadLocalAccessors(boolean propagate) {
		if (propagate && !ThreadLocalPropagation.isAvailable()) {
			ThreadLocalPropagation.setEnabled(true,
					StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
		}
		else {
			ThreadLocalPropagation.setEnabled(propagate);
		}
	}

	/**
	 * Whether resources created now carry the values of Micrometer's registered
	 * {@code ThreadLocalAccessor}s.
	 * @return {@code true} when switched on and Micrometer context-propagation is on the
	 * class path
	 * @see #setPropagateThreadLocalAccessors(boolean)
	 */
	public static boolean isPropagatingThreadLocalAccessors() {
		return ThreadLocalPropagation.isAvailable() && ThreadLocalPropagation.isEnabled();
	}

}
