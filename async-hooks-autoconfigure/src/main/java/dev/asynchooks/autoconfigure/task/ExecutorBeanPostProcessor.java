package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.asynchooks.concurrent.AsyncExecutors;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.AsyncExecutionAspectSupport;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.task.TaskExecutor;

/**
 * Wraps the application's plain {@code java.util.concurrent} {@link Executor},
 * {@link ExecutorService} and {@link ScheduledExecutorService} beans with
 * {@link AsyncExecutors#wrap(Executor)}, so that their tasks are {@code EXECUTOR_TASK}
 * and {@code Timeout} resources, destroyed also when rejected or dropped at shutdown.
 * <p>
 * A bean is wrapped only when that cannot change what it injects as: its declared type
 * (the return type of its {@code @Bean} method, or the class it was registered with) is
 * one of those interfaces and the wrapper implements it. A bean declared by its class
 * ({@code @Bean ThreadPoolExecutor pool()}, a {@code @Component}, a {@code FactoryBean})
 * is left as it is: wrap it yourself or declare the interface. Spring's own executors
 * ({@link TaskExecutor}s) are instrumented through their {@code TaskDecorator} instead,
 * and a bean named {@code taskExecutor} is left alone because {@code @Async} may run on
 * it, where the invocation is already its own {@code ASYNC_METHOD} resource.
 *
 * @since 0.1.0
 */
public class ExecutorBeanPostProcessor implements DestructionAwareBeanPostProcessor, BeanFactoryAware {

	// raw bean -> its wrapper: Spring destroys the raw bean, whose wrapper must see the
	// shutdown to destroy the tasks it drops
	private final Map<Object, ExecutorService> wrappers = Collections.synchronizedMap(new IdentityHashMap<>());

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ConfigurableListableBeanFactory listableBeanFactory) {
			this.beanFactory = listableBeanFactory;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Executor executor) || bean instanceof TaskExecutor || AsyncExecutors.isWrapped(executor)
				|| AopUtils.isAopProxy(bean)
				|| AsyncExecutionAspectSupport.DEFAULT_TASK_EXECUTOR_BEAN_NAME.equals(beanName)) {
			return bean;
		}
		Class<?> declaredType = declaredType(beanName);
		if (declaredType == null || !declaredType.isInterface()) {
			return bean;
		}
		Executor wrapped = AsyncExecutors.wrap(executor);
		if (!declaredType.isInstance(wrapped)) {
			return bean;
		}
		if (wrapped instanceof ExecutorService service && this.beanFactory != null
				&& this.beanFactory.getMergedBeanDefinition(beanName).isSingleton()) {
			// only singletons get destroy callbacks: keep nothing for other scopes
			this.wrappers.put(bean, service);
		}
		return wrapped;
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return this.wrappers.containsKey(bean);
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		ExecutorService wrapper = this.wrappers.remove(bean);
		if (wrapper == null || this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return;
		}
		// run the bean's own shutdown through its wrapper first (the destroy method
		// then finds it done)
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		String[] destroyMethods = (definition instanceof AbstractBeanDefinition abstractDefinition)
				? abstractDefinition.getDestroyMethodNames() : null;
		if (destroyMethods == null) {
			return;
		}
		for (String destroyMethod : destroyMethods) {
			if ("shutdownNow".equals(destroyMethod)) {
				wrapper.shutdownNow();
				return;
			}
			if ("shutdown".equals(destroyMethod) || "close".equals(destroyMethod)
					|| AbstractBeanDefinition.INFER_METHOD.equals(destroyMethod)) {
				wrapper.shutdown();
				return;
			}
		}
	}

	private @Nullable Class<?> declaredType(String beanName) {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
		if (!(definition instanceof RootBeanDefinition rootDefinition)) {
			return null;
		}
		Method factoryMethod = rootDefinition.getResolvedFactoryMethod();
		if (factoryMethod != null) {
			return factoryMethod.getReturnType();
		}
		if (rootDefinition.getFactoryMethodName() != null) {
			// a factory method we cannot see: its declared type is unknown
			return null;
		}
		return rootDefinition.hasBeanClass() ? rootDefinition.getBeanClass() : null;
	}

}
