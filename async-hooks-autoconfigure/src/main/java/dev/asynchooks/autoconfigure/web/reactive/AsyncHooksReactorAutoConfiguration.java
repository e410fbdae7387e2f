package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of async-hooks for Project Reactor: each task scheduled on a
 * Reactor {@code Scheduler} is a {@code REACTOR_TASK} resource, through a schedule hook
 * registered while the context runs.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, Schedulers.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.reactor.enabled", matchIfMissing = true)
public final class AsyncHooksReactorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactorScheduleHook asyncHooksReactorScheduleHook() {
		return new ReactorScheduleHook();
	}

}
