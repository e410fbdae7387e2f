package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Method;

import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The resource object of an {@code ASYNC_METHOD} resource, as passed to {@code init} and
 * returned by {@code AsyncHooks.executionAsyncResource()} inside the method body.
 *
 * @param beanClass the user class of the bean whose method is invoked
 * @param method the invoked method
 * @since 0.1.0
 */
public record AsyncMethod(Class<?> beanClass, Method method) implements DescribedResource {

	static AsyncMethod of(Method method, @Nullable Object target) {
		Class<?> beanClass = (target != null) ? ClassUtils.getUserClass(target) : method.getDeclaringClass();
		return new AsyncMethod(beanClass, method);
	}

	/**
	 * The method as {@code Class.method()}.
	 * @return the description
	 */
	@Override
	public String toString() {
		return this.beanClass.getSimpleName() + "." + this.method.getName() + "()";
	}

	@Override
	public String asyncDescription() {
		return toString();
	}

}
