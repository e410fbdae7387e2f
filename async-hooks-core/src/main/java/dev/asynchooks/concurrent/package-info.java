/**
 * Integrations of the engine with {@code java.util.concurrent}: executors and schedulers
 * ({@link dev.asynchooks.concurrent.AsyncExecutors}) whose tasks are asynchronous
 * resources, so hooks see them and {@link dev.asynchooks.AsyncLocalStorage} stores follow
 * them to the threads that run them; the same tasks one at a time
 * ({@link dev.asynchooks.concurrent.AsyncTasks},
 * {@link dev.asynchooks.concurrent.TaskWrapper},
 * {@link dev.asynchooks.concurrent.Timeouts},
 * {@link dev.asynchooks.concurrent.DeferredTask}) for executors reached through an
 * extension point; and promises
 * ({@link dev.asynchooks.concurrent.TrackedCompletableFuture}).
 */
@NullMarked
package dev.asynchooks.concurrent;

import org.jspecify.annotations.NullMarked;
