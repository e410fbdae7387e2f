package dev.asynchooks.concurrent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Test support: the methods of {@link CompletionStage} that make a dependent stage, found
 * and called reflectively, so that a test runs against every one of them (45 on JDK 17)
 * and cannot miss one.
 */
final class StageMethods {

	private StageMethods() {
	}

	/**
	 * Every {@code CompletionStage} method that returns a new stage, in a stable order.
	 * @return the methods
	 */
	static List<Method> all() {
		return Arrays.stream(CompletionStage.class.getMethods())
			.filter((method) -> method.getReturnType() == CompletionStage.class)
			.sorted(Comparator.comparing(StageMethods::name))
			.toList();
	}

	/**
	 * A short name such as {@code thenApplyAsync(Function, Executor)}.
	 * @param method the method
	 * @return the name
	 */
	static String name(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	static boolean takesExecutor(Method method) {
		return Arrays.asList(method.getParameterTypes()).contains(Executor.class);
	}

	static boolean takesOtherStage(Method method) {
		return method.getParameterTypes()[0] == CompletionStage.class;
	}

	static boolean isEither(Method method) {
		return method.getName().contains("Either");
	}

	static boolean isCompose(Method method) {
		return method.getName().contains("ompose");
	}

	/**
	 * Whether the function runs only when the source failed: {@code exceptionally...}.
	 * @param method the method
	 * @return whether it is a recovery method
	 */
	static boolean isRecovery(Method method) {
		return method.getName().startsWith("exceptionally");
	}

	/**
	 * Call {@code method} on {@code receiver}, passing {@code function} as whichever
	 * functional interface the method takes: it receives the arguments the stage passes
	 * (none for a {@code Runnable}) and its return value is the function's.
	 * @param method the method
	 * @param receiver the stage to call it on
	 * @param other the other stage, for the two-source methods
	 * @param executor the executor, for the methods that take one
	 * @param function the function
	 * @return the dependent stage
	 */
	@SuppressWarnings("unchecked")
	static CompletableFuture<Object> call(Method method, CompletionStage<?> receiver, CompletionStage<?> other,
			Executor executor, Function<List<Object>, Object> function) {
		Class<?>[] types = method.getParameterTypes();
		Object[] arguments = new Object[types.length];
		for (int i = 0; i < types.length; i++) {
			arguments[i] = argument(types[i], other, executor, function);
		}
		return (CompletableFuture<Object>) invoke(method, receiver, arguments);
	}

	/**
	 * Call {@code method} with the given arguments, rethrowing what it throws.
	 * @param method the method
	 * @param receiver the stage to call it on
	 * @param arguments the arguments
	 * @return what it returned
	 */
	static Object invoke(Method method, Object receiver, Object... arguments) {
		try {
			return method.invoke(receiver, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An argument of the given type: the other stage, the executor, or the function
	 * adapted.
	 * @param type the parameter type
	 * @param other the other stage
	 * @param executor the executor
	 * @param function the function
	 * @return the argument
	 */
	static Object argument(Class<?> type, CompletionStage<?> other, Executor executor,
			Function<List<Object>, Object> function) {
		if (type == CompletionStage.class) {
			return other;
		}
		if (type == Executor.class) {
			return executor;
		}
		if (type == Function.class) {
			return (Function<Object, Object>) (value) -> function.apply(Arrays.asList(value));
		}
		if (type == BiFunction.class) {
			return (BiFunction<Object, Object, Object>) (value, second) -> function.apply(Arrays.asList(value, second));
		}
		if (type == Consumer.class) {
			return (Consumer<Object>) (value) -> function.apply(Arrays.asList(value));
		}
		if (type == BiConsumer.class) {
			return (BiConsumer<Object, Object>) (value, second) -> function.apply(Arrays.asList(value, second));
		}
		if (type == Runnable.class) {
			return (Runnable) () -> function.apply(List.of());
		}
		throw new IllegalArgumentException("Unexpected parameter type " + type);
	}

}
