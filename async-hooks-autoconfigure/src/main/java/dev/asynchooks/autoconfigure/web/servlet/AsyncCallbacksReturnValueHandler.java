package dev.asynchooks.autoconfigure.web.servlet;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.asynchooks.AsyncLocalStorage;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Runs the {@code onTimeout}, {@code onError} and {@code onCompletion} callbacks of a
 * {@link DeferredResult}, {@link WebAsyncTask} or {@link ResponseBodyEmitter} (an
 * {@code SseEmitter} included) that a handler returns in the scope of the handler's
 * request: the container calls them from its async listeners, on one of its threads and
 * outside any dispatch of the request. Only the callbacks the application registered are
 * wrapped, so a request whose callbacks are not set gets no {@code before}/{@code after}
 * pair of its own for its timeout or completion; a callback that runs where the request
 * is the execution context already runs as it is.
 * <p>
 * Placed first among the {@code RequestMappingHandlerAdapter}'s return value handlers: it
 * wraps the callbacks and hands the value to the handlers that were there before it.
 * Spring offers no getter for the callbacks, so they are read from their fields, and
 * callbacks registered after the handler returned are not wrapped; where a field is not
 * found (another Spring version) the value is handed on unchanged.
 */
final class AsyncCallbacksReturnValueHandler implements HandlerMethodReturnValueHandler {

	private static final @Nullable Field DEFERRED_TIMEOUT = field(DeferredResult.class, "timeoutCallback");

	private static final @Nullable Field DEFERRED_ERROR = field(DeferredResult.class, "errorCallback");

	private static final @Nullable Field DEFERRED_COMPLETION = field(DeferredResult.class, "completionCallback");

	private static final @Nullable Field TASK_TIMEOUT = field(WebAsyncTask.class, "timeoutCallback");

	private static final @Nullable Field TASK_ERROR = field(WebAsyncTask.class, "errorCallback");

	private static final @Nullable Field TASK_COMPLETION = field(WebAsyncTask.class, "completionCallback");

	private static final @Nullable Field EMITTER_TIMEOUT = field(ResponseBodyEmitter.class, "timeoutCallback");

	private static final @Nullable Field EMITTER_ERROR = field(ResponseBodyEmitter.class, "errorCallback");

	private static final @Nullable Field EMITTER_COMPLETION = field(ResponseBodyEmitter.class, "completionCallback");

	private final HandlerMethodReturnValueHandlerComposite handlers = new HandlerMethodReturnValueHandlerComposite();

	/**
	 * Create a handler that hands the values on to the given handlers.
	 * @param handlers the adapter's handlers
	 */
	AsyncCallbacksReturnValueHandler(List<HandlerMethodReturnValueHandler> handlers) {
		this.handlers.addHandlers(handlers);
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		Class<?> type = returnType.getParameterType();
		return (DeferredResult.class.isAssignableFrom(type) || WebAsyncTask.class.isAssignableFrom(type)
				|| ResponseBodyEmitter.class.isAssignableFrom(type) || isEmitterEntity(returnType))
				&& this.handlers.supportsReturnType(returnType);
	}

	// as Spring MVC decides it: a ResponseEntity is an emitter's when its declared body
	// type
	// is one, so an entity of anything else (most handlers' return value) is left to the
	// adapter's own handlers at once, without a second selection among them
	private static boolean isEmitterEntity(MethodParameter returnType) {
		if (!ResponseEntity.class.isAssignableFrom(returnType.getParameterType())) {
			return false;
		}
		Class<?> body = ResolvableType.forMethodParameter(returnType).getGeneric().resolve();
		return body != null && ResponseBodyEmitter.class.isAssignableFrom(body);
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		IncomingRequestResource resource = (request != null) ? IncomingRequestResource.of(request) : null;
		if (resource != null) {
			Object value = (returnValue instanceof HttpEntity<?> entity) ? entity.getBody() : returnValue;
			if (value instanceof DeferredResult<?> result) {
				new Scope(resource, AsyncLocalStorage.captureContext()).wrap(result);
			}
			else if (value instanceof WebAsyncTask<?> task) {
				new Scope(resource, AsyncLocalStorage.captureContext()).wrap(task);
			}
			else if (value instanceof ResponseBodyEmitter emitter) {
				new Scope(resource, AsyncLocalStorage.captureContext()).wrap(emitter);
			}
		}
		this.handlers.handleReturnValue(returnValue, returnType, mavContainer, webRequest);
	}

	/**
	 * The callbacks of one value, run in the request with the stores of the handler that
	 * returned it.
	 */
	private record Scope(IncomingRequestResource resource, @Nullable Object context) {

		void wrap(DeferredResult<?> result) {
			if (read(DEFERRED_TIMEOUT, result) instanceof Runnable timeout) {
				result.onTimeout(() -> this.resource.runInRequest(this.context, timeout));
			}
			if (read(DEFERRED_ERROR, result) instanceof Consumer<?> error) {
				result.onError((ex) -> this.resource.runInRequest(this.context, () -> accept(error, ex)));
			}
			if (read(DEFERRED_COMPLETION, result) instanceof Runnable completion) {
				result.onCompletion(() -> this.resource.runInRequest(this.context, completion));
			}
		}

		@SuppressWarnings("unchecked")
		<T> void wrap(WebAsyncTask<T> task) {
			if (read(TASK_TIMEOUT, task) instanceof Callable<?> timeout) {
				task.onTimeout(() -> this.resource.callInRequest(this.context, (Callable<T>) timeout));
			}
			if (read(TASK_ERROR, task) instanceof Callable<?> error) {
				task.onError(() -> this.resource.callInRequest(this.context, (Callable<T>) error));
			}
			if (read(TASK_COMPLETION, task) instanceof Runnable completion) {
				task.onCompletion(() -> this.resource.runInRequest(this.context, completion));
			}
		}

		// the emitter's callbacks each keep a list of the application's callbacks
		void wrap(ResponseBodyEmitter emitter) {
			wrapDelegates(read(EMITTER_TIMEOUT, emitter));
			wrapDelegates(read(EMITTER_ERROR, emitter));
			wrapDelegates(read(EMITTER_COMPLETION, emitter));
		}

		@SuppressWarnings("unchecked")
		private void wrapDelegates(@Nullable Object callback) {
			if (callback == null) {
				return;
			}
			Field field = field(callback.getClass(), "delegates");
			// the emitter adds its callbacks holding the callback's lock
			synchronized (callback) {
				if (read(field, callback) instanceof List<?> delegates) {
					List<Object> list = (List<Object>) delegates;
					for (int i = 0; i < list.size(); i++) {
						Object delegate = list.get(i);
						if (delegate instanceof Runnable runnable) {
							list.set(i, (Runnable) () -> this.resource.runInRequest(this.context, runnable));
						}
						else if (delegate instanceof Consumer<?> consumer) {
							list.set(i, (Consumer<Throwable>) (ex) -> this.resource.runInRequest(this.context,
									() -> accept(consumer, ex)));
						}
					}
				}
			}
		}

	}

	@SuppressWarnings("unchecked")
	private static void accept(Consumer<?> consumer, Throwable ex) {
		((Consumer<Throwable>) consumer).accept(ex);
	}

	private static @Nullable Object read(@Nullable Field field, Object target) {
		return (field != null) ? ReflectionUtils.getField(field, target) : null;
	}

	private static @Nullable Field field(Class<?> type, String name) {
		Field field = ReflectionUtils.findField(type, name);
		if (field != null) {
			ReflectionUtils.makeAccessible(field);
		}
		return field;
	}

}
