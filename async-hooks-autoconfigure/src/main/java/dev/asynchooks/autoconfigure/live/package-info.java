/**
 * Auto-configuration of the live-resource registry
 * ({@link dev.asynchooks.live.LiveResources}), which the {@code asynchooks} endpoint and
 * the meters read. It needs neither the actuator nor Micrometer.
 */
@NullMarked
package dev.asynchooks.autoconfigure.live;

import org.jspecify.annotations.NullMarked;
