/**
 * HTTP client integrations: each outgoing exchange is an {@code HTTPCLIENTREQUEST}
 * resource.
 */
@NullMarked
package dev.asynchooks.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
