/**
 * The live-resource registry over JMX ({@code dev.asynchooks:type=LiveResources}).
 */
@NullMarked
package dev.asynchooks.autoconfigure.jmx;

import org.jspecify.annotations.NullMarked;
