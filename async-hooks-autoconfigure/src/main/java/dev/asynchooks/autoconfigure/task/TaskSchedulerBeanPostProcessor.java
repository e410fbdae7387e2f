package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ScheduledFuture;

import dev.asynchooks.concurrent.Timeout;
import dev.asynchooks.concurrent.Timeouts;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Makes each registration with a {@link ThreadPoolTaskScheduler} or
 * {@link SimpleAsyncTaskScheduler} bean ({@code schedule} with a trigger or a start time,
 * {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}; so every
 * {@code @Scheduled} method, cron included) one {@code Timeout} resource with a
 * {@code before}/{@code after} pair per run, whether the scheduler runs it on a pool
 * thread, on its scheduler thread (a {@code SimpleAsyncTaskScheduler}'s fixed-delay
 * tasks, which no {@code TaskDecorator} sees) or on a new virtual thread per run.
 * <p>
 * A {@code TaskScheduler} has no extension point for what is scheduled on it, so the bean
 * is proxied by subclass: it still injects as its own class. A bean that is already a
 * Spring AOP proxy gets one more advisor instead. Final methods of
 * {@code SimpleAsyncTaskExecutor} ({@code getThreadFactory()},
 * {@code getConcurrencyLimit()}, {@code isThrottleActive()}) cannot be proxied: called on
 * the proxy they read the proxy's own, unset, state; call them before the bean is
 * initialized (as its builder does) or on the target ({@code Advised.getTargetSource()}).
 * <p>
 * When the scheduler is shut down ({@code shutdown()}, {@code destroy()} or
 * {@code close()} on the bean), every registration it still holds is destroyed, after its
 * current run if one is under way.
 *
 * @since 0.1.0
 */
public class TaskSchedulerBeanPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof TaskScheduler)) {
			return bean;
		}
		if (bean instanceof Advised advised) {
			if (!advised.isFrozen() && isSupported(advised.getTargetClass()) && !isAdvised(advised)) {
				advised.addAdvisor(0, advisor());
			}
			return bean;
		}
		if (!isSupported(bean.getClass())) {
			return bean;
		}
		ProxyFactory proxyFactory = new ProxyFactory(bean);
		proxyFactory.setProxyTargetClass(true);
		// optimize only skips CGLIB's check of the class for final methods, which logs a
		// WARN per final method of SimpleAsyncTaskExecutor at every startup on virtual
		// threads; what they mean for callers is documented above
		proxyFactory.setOptimize(true);
		proxyFactory.addAdvisor(advisor());
		return proxyFactory.getProxy(ClassUtils.getDefaultClassLoader());
	}

	private static boolean isSupported(@Nullable Class<?> type) {
		return type != null && (ThreadPoolTaskScheduler.class.isAssignableFrom(type)
				|| SimpleAsyncTaskScheduler.class.isAssignableFrom(type));
	}

	private static boolean isAdvised(Advised advised) {
		for (var advisor : advised.getAdvisors()) {
			if (advisor.getAdvice() instanceof TimeoutInterceptor) {
				return true;
			}
		}
		return false;
	}

	private static DefaultPointcutAdvisor advisor() {
		NameMatchMethodPointcut pointcut = new NameMatchMethodPointcut();
		pointcut.setMappedNames("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay", "shutdown", "destroy",
				"close");
		return new DefaultPointcutAdvisor(pointcut, new TimeoutInterceptor());
	}

	/**
	 * Hands a core {@link Timeout} to the scheduler in place of each task, returns it as
	 * the scheduler's future (its {@code cancel} destroys it), and ends the timeouts
	 * still live when the scheduler shuts down.
	 */
	static final class TimeoutInterceptor implements MethodInterceptor {

		private final Timeouts timeouts = new Timeouts(TaskDescriptions::of);

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			if (arguments.length == 0) {
				try {
					return invocation.proceed();
				}
				finally {
					this.timeouts.endAll();
				}
			}
			if (arguments.length < 2 || !(arguments[0] instanceof Runnable task) || task instanceof Timeout) {
				return invocation.proceed();
			}
			boolean once = !(arguments[1] instanceof Trigger) && invocation.getMethod().getName().equals("schedule");
			Timeout timeout = once ? this.timeouts.once(task) : this.timeouts.repeating(task);
			arguments[0] = timeout;
			if (arguments[1] instanceof Trigger trigger) {
				// ends the timeout when the trigger has no next execution
				arguments[1] = (Trigger) (context) -> timeout.next(() -> trigger.nextExecution(context));
			}
			return timeout.schedule(() -> (ScheduledFuture<?>) proceed(invocation));
		}

		private static @Nullable Object proceed(MethodInvocation invocation) throws Exception {
			try {
				return invocation.proceed();
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex);
			}
		}

	}

}
