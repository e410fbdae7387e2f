/**
 * Test support for code that uses asynchronous resources: the JUnit Jupiter extension
 * {@link dev.asynchooks.test.AsyncHooksExtension}.
 */
@NullMarked
package dev.asynchooks.test;

import org.jspecify.annotations.NullMarked;
