package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Adds the {@link AsyncHooksTaskDecorator} to Spring executor and scheduler beans that
 * Spring Boot did not build ({@link ThreadPoolTaskExecutor},
 * {@link SimpleAsyncTaskExecutor} and its scheduler subclass,
 * {@link ThreadPoolTaskScheduler}, and the scheduler that Spring WebSocket makes for
 * SockJS, which is not a bean of its own). The bean itself is kept, so it injects by its
 * own type; a decorator the bean already has is kept too and runs inside this one. A
 * {@link ThreadPoolTaskExecutor} also destroys the resource of a task it rejects.
 *
 * @since 0.1.0
 */
public class TaskDecoratorBeanPostProcessor implements BeanPostProcessor {

	private static final String SOCKJS_SCHEDULER_CONTAINER = "org.springframework.web.socket.config.annotation."
			+ "WebSocketConfigurationSupport$DefaultSockJsSchedulerContainer";

	private final ObjectProvider<AsyncHooksTaskDecorator> decorator;

	public TaskDecoratorBeanPostProcessor(ObjectProvider<AsyncHooksTaskDecorator> decorator) {
		this.decorator = decorator;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor executor) {
			decorate(executor, executor::setTaskDecorator);
		}
		else if (bean instanceof SimpleAsyncTaskExecutor executor) {
			decorate(executor, executor::setTaskDecorator);
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			decorate(scheduler, scheduler::setTaskDecorator);
		}
		else if (SOCKJS_SCHEDULER_CONTAINER.equals(bean.getClass().getName())) {
			ThreadPoolTaskScheduler scheduler = sockJsScheduler(bean);
			if (scheduler != null) {
				decorate(scheduler, scheduler::setTaskDecorator);
			}
		}
		return bean;
	}

	// Spring WebSocket 7 keeps SockJS's default scheduler in a container bean of its
	// own, not as a TaskScheduler bean; the container initializes it after this
	private static @Nullable ThreadPoolTaskScheduler sockJsScheduler(Object container) {
		Method getter = ReflectionUtils.findMethod(container.getClass(), "getScheduler");
		if (getter == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(getter);
		Object scheduler = ReflectionUtils.invokeMethod(getter, container);
		return (scheduler instanceof ThreadPoolTaskScheduler threadPoolScheduler) ? threadPoolScheduler : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor executor && this.decorator.getIfAvailable() != null) {
			try {
				RejectedTaskDestroyingHandler.apply(executor.getThreadPoolExecutor());
			}
			catch (IllegalStateException ex) {
				// not initialized: nothing to apply to
			}
		}
		return bean;
	}

	private void decorate(Object bean, Consumer<TaskDecorator> setter) {
		AsyncHooksTaskDecorator decorator = this.decorator.getIfAvailable();
		if (decorator == null) {
			return;
		}
		TaskDecorator existing = currentDecorator(bean);
		if (existing == null) {
			setter.accept(decorator);
		}
		else if (!contains(existing, decorator)) {
			List<TaskDecorator> decorators = new ArrayList<>(2);
			decorators.add(existing);
			decorators.add(decorator);
			setter.accept(new CompositeTaskDecorator(decorators));
		}
	}

	private static @Nullable TaskDecorator currentDecorator(Object bean) {
		Field field = ReflectionUtils.findField(bean.getClass(), "taskDecorator", TaskDecorator.class);
		if (field == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		return (TaskDecorator) ReflectionUtils.getField(field, bean);
	}

	private static boolean contains(TaskDecorator existing, TaskDecorator decorator) {
		if (existing == decorator || existing instanceof AsyncHooksTaskDecorator) {
			return true;
		}
		if (existing instanceof CompositeTaskDecorator) {
			Field field = ReflectionUtils.findField(CompositeTaskDecorator.class, "taskDecorators");
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
				Object decorators = ReflectionUtils.getField(field, existing);
				if (decorators instanceof Collection<?> collection) {
					return collection.stream().anyMatch((element) -> element instanceof AsyncHooksTaskDecorator);
				}
			}
		}
		return false;
	}

}
