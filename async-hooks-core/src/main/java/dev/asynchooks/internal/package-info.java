/**
 * Engine internals: async ids, per-thread execution frames and the storage context, and
 * the {@link dev.asynchooks.internal.EngineAccess access object} through which the other
 * packages of this module run owned resources. Not API: the module {@code dev.asynchooks}
 * does not export this package, and these types may change in any release.
 * <p>
 * Dependencies go one way, from {@code dev.asynchooks}, {@code dev.asynchooks.concurrent}
 * and {@code dev.asynchooks.live} to this package, with one documented exception:
 * {@link dev.asynchooks.internal.EngineAccess} names
 * {@code dev.asynchooks.AsyncResource}, which installs it (a {@code SharedSecrets}-style
 * access object). Hook dispatch, which works on {@code AsyncHook} and
 * {@code HookCallbacks}, is package-private in {@code dev.asynchooks}, so that nothing
 * outside that package can forge a lifecycle event.
 */
@NullMarked
package dev.asynchooks.internal;

import org.jspecify.annotations.NullMarked;
