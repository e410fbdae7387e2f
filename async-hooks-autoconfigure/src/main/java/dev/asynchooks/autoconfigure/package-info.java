/**
 * Spring Boot auto-configuration of async-hooks: hook beans, properties and the error
 * policy.
 */
@NullMarked
package dev.asynchooks.autoconfigure;

import org.jspecify.annotations.NullMarked;
