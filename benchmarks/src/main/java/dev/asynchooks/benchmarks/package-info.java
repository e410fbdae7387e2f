/**
 * JMH benchmarks of the engine against the raw JDK and peer context libraries.
 */
@NullMarked
package dev.asynchooks.benchmarks;

import org.jspecify.annotations.NullMarked;
