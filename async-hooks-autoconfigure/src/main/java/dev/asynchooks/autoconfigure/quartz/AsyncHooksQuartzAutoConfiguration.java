package dev.asynchooks.autoconfigure.quartz;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import org.quartz.Scheduler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of async-hooks for Quartz: each trigger of a
 * {@link SchedulerFactoryBean} (Spring Boot's {@code quartzScheduler} included) is a
 * {@code Timeout} resource in which its job runs.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, Scheduler.class, SchedulerFactoryBean.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
public final class AsyncHooksQuartzAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "async-hooks.quartz.enabled", matchIfMissing = true)
	static QuartzBeanPostProcessor asyncHooksQuartzBeanPostProcessor() {
		return new QuartzBeanPostProcessor();
	}

}
