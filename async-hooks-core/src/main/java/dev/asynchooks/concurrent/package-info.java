/**
 * Integrations of the engine with {@code java.util.concurrent}: executors and schedulers
 * ({@link dev.asynchooks.concurrent.AsyncExecutors}) whose tasks are asynchronous
 * resources, so hooks see them and {@link dev.asynchooks.AsyncLocalStorage} stores follow
 * them to the threads that run them.
 */
@NullMarked
package dev.asynchooks.concurrent;

import org.jspecify.annotations.NullMarked;
