/**
 * Engine internals: async ids, per-thread execution frames, the storage context and hook
 * dispatch. Not API: these types may change in any release and are public only so that
 * the integrations in {@code dev.asynchooks.concurrent} can share them.
 */
@NullMarked
package dev.asynchooks.internal;

import org.jspecify.annotations.NullMarked;
