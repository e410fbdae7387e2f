/**
 * Micrometer meters of the live-resource registry.
 */
@NullMarked
package dev.asynchooks.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
