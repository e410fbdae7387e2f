/**
 * Servlet and Spring MVC integration: each incoming request is an
 * {@code HTTPINCOMINGMESSAGE} resource.
 */
@NullMarked
package dev.asynchooks.autoconfigure.web.servlet;

import org.jspecify.annotations.NullMarked;
