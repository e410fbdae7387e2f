package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletableFuture;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.concurrent.DeferredTask;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes each invocation of an {@code @Async} method an {@code ASYNC_METHOD} resource: a
 * core {@link DeferredTask} whose resource object is an {@link AsyncMethod}. For every
 * bean that {@code @EnableAsync} proxied, it adds two interceptors around Spring's
 * {@link AsyncExecutionInterceptor}, with the same pointcut: the outer one, on the
 * calling thread, creates the task (triggered by the caller's context) and submits
 * through it, so that the task Spring submits, when it passes through the
 * {@link AsyncHooksTaskDecorator}, is the invocation's run rather than an
 * {@code EXECUTOR_TASK} too (and so the {@code AsyncUncaughtExceptionHandler} of a
 * {@code void} method runs in it as well); with an executor that has no such decorator,
 * the inner interceptor runs the method body as the invocation's run. Either destroys it
 * afterwards. A {@link CompletableFuture} returned to the caller is tracked as a
 * {@code PROMISE} triggered by the invocation's resource; under the {@code -javaagent},
 * Spring's own future that it replaces is no promise of its own.
 * <p>
 * It runs after Spring's {@code AsyncAnnotationBeanPostProcessor} (it is not
 * {@code Ordered}) and keeps the proxy it made: the bean's type does not change.
 *
 * @since 0.1.0
 */
public class AsyncMethodBeanPostProcessor implements BeanPostProcessor {

	private static final String ATTRIBUTE = AsyncMethodBeanPostProcessor.class.getName() + ".invocation";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			Advisor[] advisors = advised.getAdvisors();
			for (int i = 0; i < advisors.length; i++) {
				if (advisors[i].getAdvice() instanceof CreateInvocationInterceptor) {
					return bean;
				}
			}
			for (int i = 0; i < advisors.length; i++) {
				if (advisors[i].getAdvice() instanceof AsyncExecutionInterceptor) {
					Pointcut pointcut = (advisors[i] instanceof PointcutAdvisor pointcutAdvisor)
							? pointcutAdvisor.getPointcut() : Pointcut.TRUE;
					advised.addAdvisor(i + 1, new DefaultPointcutAdvisor(pointcut, new RunInvocationInterceptor()));
					advised.addAdvisor(i, new DefaultPointcutAdvisor(pointcut, new CreateInvocationInterceptor()));
					break;
				}
			}
		}
		return bean;
	}

	/**
	 * Creates the invocation's resource on the calling thread.
	 */
	static final class CreateInvocationInterceptor implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
				return invocation.proceed();
			}
			DeferredTask resource = DeferredTask.create(ResourceTypes.ASYNC_METHOD,
					AsyncMethod.of(invocation.getMethod(), invocation.getThis()));
			proxyInvocation.setUserAttribute(ATTRIBUTE, resource);
			// not submitted (rejected): destroyed, the body never runs in it
			Class<?> returnType = invocation.getMethod().getReturnType();
			boolean tracksFuture = returnType.isAssignableFrom(TrackedCompletableFuture.class);
			// Spring's own future of a CompletableFuture method is replaced below: under
			// the agent it is then no promise of its own
			Object result = (tracksFuture && CompletableFuture.class.isAssignableFrom(returnType))
					? resource.submitCompletable(() -> proceed(invocation))
					: resource.submit(() -> proceed(invocation));
			if (result instanceof CompletableFuture<?> future && !(future instanceof TrackedCompletableFuture)
					&& tracksFuture) {
				// a PROMISE triggered by the invocation, not by the caller
				return TrackedCompletableFuture.of(future, resource.asyncId());
			}
			return result;
		}

	}

	/**
	 * Runs the method body in the invocation's resource, on the executor's thread.
	 */
	static final class RunInvocationInterceptor implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object attribute = (invocation instanceof ProxyMethodInvocation proxyInvocation)
					? proxyInvocation.getUserAttribute(ATTRIBUTE) : null;
			if (!(attribute instanceof DeferredTask resource)) {
				return invocation.proceed();
			}
			// runs it in place when Spring's whole task already runs in it, and without
			// it once it has ended
			return resource.call(() -> proceed(invocation));
		}

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
