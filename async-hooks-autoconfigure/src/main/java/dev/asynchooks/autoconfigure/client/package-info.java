/**
 * Auto-configuration of async-hooks for HTTP clients: each exchange is an
 * {@code HTTPCLIENTREQUEST} resource.
 */
@NullMarked
package dev.asynchooks.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
