package dev.asynchooks.autoconfigure.quartz;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import org.quartz.SchedulerListener;
import org.quartz.spi.JobFactory;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.quartz.AdaptableJobFactory;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * Makes the triggers of every Spring {@link SchedulerFactoryBean} {@code Timeout}
 * resources, one per trigger registration with a {@code before}/{@code after} pair per
 * firing (see {@link TriggerTimeout}). Before the factory bean creates its scheduler, it
 * wraps the bean's job factory (Spring Boot's {@code SpringBeanJobFactory}, or Spring's
 * default {@link AdaptableJobFactory}) in a {@link TimeoutJobFactory} and adds a
 * scheduler listener ({@link TriggerTimeouts}) to the bean's own listeners, so that the
 * triggers it registers at startup are seen too. SchedulerFactoryBean has no getters for
 * these, so the ones already set are read from its fields.
 *
 * @since 0.1.0
 */
public class QuartzBeanPostProcessor implements BeanPostProcessor {

	// factory bean -> its listener, until the factory has made its scheduler
	private final Map<SchedulerFactoryBean, TriggerTimeouts> pending = Collections
		.synchronizedMap(new IdentityHashMap<>());

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof SchedulerFactoryBean factory) {
			DirectFieldAccessor fields = new DirectFieldAccessor(factory);
			Object jobFactory = fields.getPropertyValue("jobFactory");
			if (jobFactory instanceof TimeoutJobFactory) {
				return bean;
			}
			TriggerTimeouts timeouts = new TriggerTimeouts();
			factory.setJobFactory(new TimeoutJobFactory(
					(jobFactory instanceof JobFactory delegate) ? delegate : new AdaptableJobFactory(), timeouts));
			Object listeners = fields.getPropertyValue("schedulerListeners");
			SchedulerListener[] all = (listeners instanceof SchedulerListener[] existing)
					? Arrays.copyOf(existing, existing.length + 1) : new SchedulerListener[1];
			all[all.length - 1] = timeouts;
			factory.setSchedulerListeners(all);
			this.pending.put(factory, timeouts);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SchedulerFactoryBean factory) {
			TriggerTimeouts timeouts = this.pending.remove(factory);
			if (timeouts != null) {
				timeouts.setScheduler(factory.getScheduler());
			}
		}
		return bean;
	}

}
