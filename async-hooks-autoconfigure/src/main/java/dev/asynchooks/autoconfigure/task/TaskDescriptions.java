package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Short descriptions of tasks for the live-resource tree: a {@code @Scheduled} method as
 * {@code Class.method()}, any other task by its class, never by its {@code toString()}
 * (which may print user data).
 */
final class TaskDescriptions {

	private static final String LAMBDA = "$$Lambda";

	private static final Map<Class<?>, Field> WRAPPED = wrappers();

	private TaskDescriptions() {
	}

	private static Map<Class<?>, Field> wrappers() {
		Map<Class<?>, Field> wrappers = new HashMap<>();
		for (String[] wrapper : new String[][] {
				{ "org.springframework.scheduling.config.Task$OutcomeTrackingRunnable", "runnable" },
				{ "org.springframework.scheduling.support.DelegatingErrorHandlingRunnable", "delegate" } }) {
			Field field = field(wrapper[0], wrapper[1]);
			if (field != null) {
				wrappers.put(field.getDeclaringClass(), field);
			}
		}
		return Map.copyOf(wrappers);
	}

	static String of(Object task) {
		task = unwrap(task);
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

	/**
	 * The private field through which one of Spring's task wrappers holds the task it
	 * wraps.
	 * @param wrapper the wrapper class
	 * @return the field, accessible, or {@code null} if this Spring version has none
	 */
	static @Nullable Field wrapperField(Class<?> wrapper) {
		return WRAPPED.get(wrapper);
	}

	// Spring's own wrappers around a scheduled task (Task.OutcomeTrackingRunnable,
	// DelegatingErrorHandlingRunnable), read through their private fields
	private static Object unwrap(Object task) {
		for (int depth = 0; depth < 4; depth++) {
			Field field = WRAPPED.get(task.getClass());
			Object wrapped = (field != null) ? ReflectionUtils.getField(field, task) : null;
			if (wrapped == null) {
				return task;
			}
			task = wrapped;
		}
		return task;
	}

	private static @Nullable Field field(String className, String name) {
		try {
			Class<?> type = ClassUtils.forName(className, TaskDescriptions.class.getClassLoader());
			Field field = ReflectionUtils.findField(type, name, Runnable.class);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
			}
			return field;
		}
		catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
			return null;
		}
	}

	private static String simple(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

}
