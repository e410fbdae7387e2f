/**
 * The embedded web server as a {@code TCPSERVERWRAP} resource, the trigger of every
 * incoming request.
 */
@NullMarked
package dev.asynchooks.autoconfigure.web.server;

import org.jspecify.annotations.NullMarked;
