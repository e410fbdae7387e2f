/**
 * The live-resource registry and the {@code asynchooks} actuator endpoint.
 */
@NullMarked
package dev.asynchooks.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
