/**
 * Node.js {@code async_hooks} for the JVM: lifecycle callbacks for asynchronous resources
 * ({@link dev.asynchooks.HookCallbacks}), the execution context
 * ({@link dev.asynchooks.AsyncHooks#executionAsyncId()}), the embedder API
 * ({@link dev.asynchooks.AsyncResource}) and {@link dev.asynchooks.AsyncLocalStorage}.
 * <p>
 * The hook registry and the dispatch of events ({@code HookRegistry}), the hook error
 * policy ({@code HookErrors}) and destroy on garbage collection
 * ({@code CollectedResources}) are package-private here: only {@code AsyncResource} and
 * {@code AsyncHook} deliver lifecycle events.
 */
@NullMarked
package dev.asynchooks;

import org.jspecify.annotations.NullMarked;
