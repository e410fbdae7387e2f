package dev.asynchooks.autoconfigure.web.servlet;

import java.lang.reflect.Field;

import dev.asynchooks.autoconfigure.task.TaskDecoratorBeanPostProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Makes the tasks of Spring MVC's async executor {@code EXECUTOR_TASK} resources, so that
 * a {@code Callable} or {@code WebAsyncTask} runs in a resource triggered by its request,
 * with the request's stores. Spring Boot hands MVC its {@code applicationTaskExecutor},
 * which is decorated already; when the application defines an {@code Executor} of its
 * own, Boot's backs off and MVC falls back to an executor that is no bean, which this
 * decorates like the executor beans (Spring offers no way to read it but its field).
 */
final class AsyncExecutorBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<TaskDecoratorBeanPostProcessor> taskDecorators;

	AsyncExecutorBeanPostProcessor(ObjectProvider<TaskDecoratorBeanPostProcessor> taskDecorators) {
		this.taskDecorators = taskDecorators;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RequestMappingHandlerAdapter) {
			TaskDecoratorBeanPostProcessor taskDecorators = this.taskDecorators.getIfAvailable();
			Field field = ReflectionUtils.findField(RequestMappingHandlerAdapter.class, "taskExecutor");
			if (taskDecorators != null && field != null) {
				ReflectionUtils.makeAccessible(field);
				Object executor = ReflectionUtils.getField(field, bean);
				if (executor != null) {
					// decorates a ThreadPoolTaskExecutor or SimpleAsyncTaskExecutor once
					taskDecorators.postProcessBeforeInitialization(executor, beanName + ".taskExecutor");
				}
			}
		}
		return bean;
	}

}
