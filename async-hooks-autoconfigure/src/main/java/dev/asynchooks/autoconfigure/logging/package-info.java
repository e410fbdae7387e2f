/**
 * Auto-configuration of async-hooks for logging: the execution ids in the SLF4J MDC.
 */
@NullMarked
package dev.asynchooks.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
