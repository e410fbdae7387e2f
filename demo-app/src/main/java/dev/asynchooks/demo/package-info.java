/**
 * A small order service built on the async-hooks starter.
 */
@NullMarked
package dev.asynchooks.demo;

import org.jspecify.annotations.NullMarked;
