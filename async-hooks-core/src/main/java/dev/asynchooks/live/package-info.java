/**
 * The live-resource registry: a hook ({@link dev.asynchooks.live.LiveResources}) that
 * keeps every resource between its {@code init} and its {@code destroy}, counts and times
 * them per type, and renders them as trees ({@link dev.asynchooks.live.LiveResource}).
 */
@NullMarked
package dev.asynchooks.live;

import org.jspecify.annotations.NullMarked;
