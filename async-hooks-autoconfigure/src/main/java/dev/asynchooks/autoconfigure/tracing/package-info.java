/**
 * Auto-configuration of async-hooks for Micrometer Tracing: the trace and span of each
 * live resource.
 */
@NullMarked
package dev.asynchooks.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;
