/**
 * Quartz jobs run through Spring's {@code SchedulerFactoryBean} as asynchronous
 * resources.
 */
@NullMarked
package dev.asynchooks.autoconfigure.quartz;

import org.jspecify.annotations.NullMarked;
