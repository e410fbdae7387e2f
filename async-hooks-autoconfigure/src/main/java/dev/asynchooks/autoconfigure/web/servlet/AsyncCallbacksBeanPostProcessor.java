package dev.asynchooks.autoconfigure.web.servlet;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Puts an {@link AsyncCallbacksReturnValueHandler} before the return value handlers of
 * Spring MVC's {@code RequestMappingHandlerAdapter}, once it has built them: the handlers
 * that {@code WebMvcConfigurer.addReturnValueHandlers} adds come after Spring's own,
 * which take every {@code DeferredResult}, {@code WebAsyncTask} and emitter first.
 */
final class AsyncCallbacksBeanPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RequestMappingHandlerAdapter adapter) {
			List<HandlerMethodReturnValueHandler> handlers = adapter.getReturnValueHandlers();
			if (handlers != null && !handlers.isEmpty()
					&& !(handlers.get(0) instanceof AsyncCallbacksReturnValueHandler)) {
				List<HandlerMethodReturnValueHandler> scoped = new ArrayList<>(handlers.size() + 1);
				scoped.add(new AsyncCallbacksReturnValueHandler(handlers));
				scoped.addAll(handlers);
				adapter.setReturnValueHandlers(scoped);
			}
		}
		return bean;
	}

}
