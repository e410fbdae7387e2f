/**
 * Executor, scheduler and CompletableFuture integrations.
 */
@NullMarked
package dev.asynchooks.concurrent;

import org.jspecify.annotations.NullMarked;
