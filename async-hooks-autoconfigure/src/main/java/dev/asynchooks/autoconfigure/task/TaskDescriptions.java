package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Short descriptions of tasks for the live-resource tree: a {@code @Scheduled} method as
 * {@code Class.method()}, any other task by the class of the user's function (a lambda by
 * the class that declares it), looking through Spring's scheduling wrappers and the JDK's
 * {@link FutureTask}; never by its {@code toString()} (which may print user data).
 */
final class TaskDescriptions {

	private static final String LAMBDA = "$$Lambda";

	private static final String TASK = "task = ";

	// Object.toString() of a class (a lambda's hidden class has a '/0x...' suffix)
	private static final Pattern IDENTITY = Pattern
		.compile("([\\p{javaJavaIdentifierPart}.$]+)(?:/0x\\p{XDigit}+)?@\\p{XDigit}+");

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
		if (task.getClass() == FutureTask.class) {
			String wrapped = futureTaskFunction((FutureTask<?>) task);
			name = (wrapped != null) ? wrapped : name;
		}
		return className(name);
	}

	private static String className(String name) {
		int lambda = name.indexOf(LAMBDA);
		if (lambda >= 0) {
			return simple(name.substring(0, lambda)) + " (lambda)";
		}
		return simple(name);
	}

	/**
	 * The class of the function that a JDK {@link FutureTask} runs (the {@code Callable}
	 * given to {@code submit}, or the {@code Runnable} inside the JDK's adapter). The JDK
	 * does not open {@code FutureTask}'s fields to reflection, but its {@code toString()}
	 * names the task it wraps ({@code FutureTask@1f[Not completed, task =
	 * Executors$RunnableAdapter@2e[Wrapped task = Foo$$Lambda/0x12@3d]]}). Only a name of
	 * the form {@code Object.toString()} gives (a class name, {@code @}, a hash), as a
	 * lambda's always is, is used: whatever else the user's own {@code toString()}
	 * returns is never shown. Called when a tree is rendered, never when a task is
	 * submitted.
	 * @param task the future task, not yet completed
	 * @return the wrapped function's class name, or {@code null} when it is not known
	 */
	static @Nullable String futureTaskFunction(FutureTask<?> task) {
		String text;
		try {
			text = task.toString();
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
		int start = text.lastIndexOf(TASK);
		if (start < 0) {
			return null;
		}
		int end = text.length();
		while (end > start && text.charAt(end - 1) == ']') {
			end--;
		}
		Matcher matcher = IDENTITY.matcher(text.substring(start + TASK.length(), end));
		return matcher.matches() ? matcher.group(1) : null;
	}

	/**
	 * The task inside Spring's own wrappers around a scheduled task
	 * ({@code Task.OutcomeTrackingRunnable}, {@code DelegatingErrorHandlingRunnable}),
	 * read through their private fields.
	 * @param task a task
	 * @return the task it wraps, or {@code task} itself
	 */
	static Object unwrap(Object task) {
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
