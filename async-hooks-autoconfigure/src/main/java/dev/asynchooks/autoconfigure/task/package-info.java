/**
 * Auto-configuration of async-hooks for Spring task execution and scheduling: executor
 * tasks, {@code @Async} methods, {@code @Scheduled} methods and scheduler tasks.
 */
@NullMarked
package dev.asynchooks.autoconfigure.task;

import org.jspecify.annotations.NullMarked;
