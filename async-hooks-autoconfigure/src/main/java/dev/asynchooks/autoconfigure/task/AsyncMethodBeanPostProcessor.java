package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletableFuture;

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
 * Makes each invocation of an {@code @Async} method an {@code ASYNC_METHOD} resource. For
 * every bean that {@code @EnableAsync} proxied, it adds two interceptors around Spring's
 * {@link AsyncExecutionInterceptor}, with the same pointcut: the outer one, on the
 * calling thread, creates the resource (triggered by the caller's context) and marks the
 * task about to be submitted, so that the {@link AsyncHooksTaskDecorator} does not make
 * it an {@code EXECUTOR_TASK} too; on the executor's thread, the task that Spring
 * submitted runs in the resource's scope when it passes through the
 * {@link AsyncHooksTaskDecorator} (so does the {@code AsyncUncaughtExceptionHandler} of a
 * {@code void} method), and otherwise the inner interceptor runs the method body in it;
 * either destroys it afterwards. A {@link CompletableFuture} returned to the caller is
 * tracked as a {@code PROMISE} triggered by the invocation's resource.
 * <p>
 * It runs after Spring's {@code AsyncAnnotationBeanPostProcessor} (it is not
 * {@code Ordered}) and keeps the proxy it made: the bean's type does not change.
 *
 * @since 0.1.0
 */
public class AsyncMethodBeanPostProcessor implements BeanPostProcessor {

	private static final String ATTRIBUTE = AsyncMethodInvocation.class.getName();

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
			AsyncMethodInvocation resource = new AsyncMethodInvocation(invocation.getMethod(), invocation.getThis());
			proxyInvocation.setUserAttribute(ATTRIBUTE, resource);
			Object result;
			resource.startSubmission();
			try {
				result = invocation.proceed();
			}
			catch (Throwable ex) {
				// not submitted (rejected): the body never runs in it
				resource.emitDestroy();
				throw ex;
			}
			finally {
				resource.endSubmission();
			}
			if (result instanceof CompletableFuture<?> future && !(future instanceof TrackedCompletableFuture)
					&& invocation.getMethod().getReturnType().isAssignableFrom(TrackedCompletableFuture.class)) {
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
			if (!(attribute instanceof AsyncMethodInvocation resource) || resource.isDestroyed()
					|| resource.isCurrent()) {
				// not an invocation of ours, or Spring's whole task already runs in it
				// (AsyncMethodTask)
				return invocation.proceed();
			}
			resource.started();
			try {
				return resource.callInAsyncScope(() -> proceed(invocation));
			}
			finally {
				resource.emitDestroy();
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

}
