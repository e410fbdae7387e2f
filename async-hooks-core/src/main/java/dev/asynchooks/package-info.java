/**
 * Node.js {@code async_hooks} for the JVM: lifecycle callbacks for asynchronous resources
 * ({@link dev.asynchooks.HookCallbacks}), the execution context
 * ({@link dev.asynchooks.AsyncHooks#executionAsyncId()}), the embedder API
 * ({@link dev.asynchooks.AsyncResource}) and {@link dev.asynchooks.AsyncLocalStorage}.
 */
@NullMarked
package dev.asynchooks;

import org.jspecify.annotations.NullMarked;
