/**
 * The live-resource registry: a hook ({@link dev.asynchooks.live.LiveResources}) that
 * keeps every resource between its {@code init} and its {@code destroy}, counts and times
 * them per type, and renders them as trees ({@link dev.asynchooks.live.LiveResource}).
 * <p>
 * The public surface is {@code LiveResources} (the query API, with its nested
 * {@code ParentLink}, {@code Node}, {@code Forest} and {@code TypeStatistics}) and
 * {@code LiveResource}. Behind it, package-private: {@code TrackingCallbacks} (the hook's
 * callbacks, as {@code LiveResources.Callbacks}), {@code ResourceTable} (the tracked
 * resources and the statistics of each type), {@code ResourceEntry} and {@code EntryKey}
 * (the map's records and keys), {@code ThreadProbe}, {@code TypeCounts} and
 * {@code ThreadCounts} (per-thread lookups and counters), and {@code LiveResourceForest}
 * (trees built from a snapshot).
 */
@NullMarked
package dev.asynchooks.live;

import org.jspecify.annotations.NullMarked;
