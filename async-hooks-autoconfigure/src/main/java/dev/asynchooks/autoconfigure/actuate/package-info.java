/**
 * The {@code asynchooks} actuator endpoint over the live-resource registry.
 */
@NullMarked
package dev.asynchooks.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
