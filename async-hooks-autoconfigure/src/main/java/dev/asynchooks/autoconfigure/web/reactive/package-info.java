/**
 * Auto-configuration of async-hooks for Spring WebFlux and Project Reactor: each exchange
 * is an {@code HTTPINCOMINGMESSAGE} resource, each task scheduled on a Reactor
 * {@code Scheduler} a {@code REACTOR_TASK} resource.
 */
@NullMarked
package dev.asynchooks.autoconfigure.web.reactive;

import org.jspecify.annotations.NullMarked;
