/**
 * Auto-configuration of async-hooks for Micrometer context-propagation: the
 * {@code AsyncLocalStorage} context as a {@code ThreadLocalAccessor}.
 */
@NullMarked
package dev.asynchooks.autoconfigure.context;

import org.jspecify.annotations.NullMarked;
