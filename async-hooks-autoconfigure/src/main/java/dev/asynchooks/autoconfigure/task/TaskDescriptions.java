package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Method;

import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ClassUtils;

/**
 * Short descriptions of tasks for the live-resource tree: a {@code @Scheduled} method as
 * {@code Class.method()}, any other task by its class, never by its {@code toString()}
 * (which may print user data).
 */
final class TaskDescriptions {

	private static final String LAMBDA = "$$Lambda";

	private TaskDescriptions() {
	}

	static String of(Object task) {
		if (task instanceof ScheduledMethodRunnable scheduled) {
			Method method = scheduled.getMethod();
			return ClassUtils.getUserClass(scheduled.getTarget()).getSimpleName() + "." + method.getName() + "()";
		}
		String name = task.getClass().getName();
		int lambda = name.indexOf(LAMBDA);
		if (lambda >= 0) {
			return simple(name.substring(0, lambda)) + " (lambda)";
		}
		return simple(name);
	}

	private static String simple(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

}
