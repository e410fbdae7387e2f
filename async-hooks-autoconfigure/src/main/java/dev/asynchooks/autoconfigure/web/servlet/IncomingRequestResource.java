package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * An {@code HTTPINCOMINGMESSAGE} resource: one request from its first dispatch until its
 * response is complete, each dispatch (the request itself, an async re-dispatch, an error
 * dispatch) a {@code before}/{@code after} pair. Hooks see its {@link IncomingRequest}.
 * <p>
 * This class alone decides when the request ends; the classes that see the request's
 * lifecycle each make one call into it: the {@link IncomingRequestFilter} for each
 * dispatch ({@link #dispatch}), the embedded Tomcat's {@link TomcatRequestEndValve}
 * around the container's handling ({@link #valve}), an {@code AsyncListener} when async
 * processing completes, and the container's own end of the request
 * ({@link #containerEnded}: the {@link IncomingRequestListener}, Jetty's
 * {@link JettyRequestEndHandler}).
 */
final class IncomingRequestResource extends AsyncResource {

	static final String ATTRIBUTE = IncomingRequestResource.class.getName();

	// Spring MVC's HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, by name: the filter
	// runs in applications without Spring MVC (Jersey, plain servlets), where reading
	// the constant would load a class that is not there
	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private final IncomingRequest request;

	// set while one of the request's dispatches runs through the filter; the dispatches
	// of a request follow one another, and the container orders an async dispatch after
	// the return of the dispatch that started it
	private boolean dispatching;

	// set while the embedded Tomcat's valve runs one of the request's dispatches: Tomcat
	// announces the end of an async request from inside an async dispatch that ends it,
	// before the error page that dispatch may still render, and the valve ends the
	// request once that is done
	private volatile boolean inValve;

	// the end was announced while the valve ran
	private volatile boolean endedInValve;

	private IncomingRequestResource(IncomingRequest request, long triggerAsyncId) {
		super(ResourceTypes.HTTPINCOMINGMESSAGE, options(triggerAsyncId), request);
		this.request = request;
	}

	private static AsyncResourceOptions options(long triggerAsyncId) {
		AsyncResourceOptions options = AsyncResourceOptions.defaults().withRequireManualDestroy(true);
		// 0: no server known, the creating context is the trigger
		return (triggerAsyncId > 0) ? options.withTriggerAsyncId(triggerAsyncId) : options;
	}

	/**
	 * The resource of a request that passed the filter.
	 * @param request the request
	 * @return its resource, or {@code null}
	 */
	static @Nullable IncomingRequestResource of(ServletRequest request) {
		return of(request.getAttribute(ATTRIBUTE));
	}

	private static @Nullable IncomingRequestResource of(@Nullable Object attribute) {
		return (attribute instanceof IncomingRequestResource resource) ? resource : null;
	}

	IncomingRequest request() {
		return this.request;
	}

	/**
	 * Run one dispatch of a request through the rest of the filter chain, in the
	 * request's scope: the first dispatch creates the resource; a dispatch nested in one
	 * of the request's own (an error page rendered from inside it) already runs in its
	 * scope; a dispatch after the request ended has nothing to run in.
	 * @param request the request
	 * @param response the response
	 * @param chain the rest of the chain
	 * @param triggerAsyncId the trigger of a new request's resource, {@code 0} for the
	 * creating context
	 * @throws IOException from the chain
	 * @throws ServletException from the chain
	 */
	static void dispatch(HttpServletRequest request, ServletResponse response, FilterChain chain,
			LongSupplier triggerAsyncId) throws IOException, ServletException {
		IncomingRequestResource resource = of(request);
		if (resource == null) {
			resource = new IncomingRequestResource(new IncomingRequest(request.getMethod()),
					triggerAsyncId.getAsLong());
			request.setAttribute(ATTRIBUTE, resource);
		}
		else if (resource.dispatching || resource.isDestroyed()) {
			chain.doFilter(request, response);
			return;
		}
		resource.dispatching = true;
		try {
			resource.callInAsyncScope(() -> {
				chain.doFilter(request, response);
				return null;
			});
		}
		catch (IOException | ServletException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ServletException(ex);
		}
		finally {
			resource.dispatching = false;
			resource.named(request);
			if (request.isAsyncStarted()) {
				resource.listen(request);
			}
		}
	}

	// handler mappings that do not run MVC interceptors (actuator endpoints, functional
	// routes) still leave the pattern they matched in the request when the dispatch ends
	private void named(HttpServletRequest request) {
		if (this.request.pattern() == null
				&& request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			this.request.mapped(pattern);
		}
	}

	private void listen(ServletRequest request) {
		try {
			request.getAsyncContext().addListener(new Completion(this));
		}
		catch (IllegalStateException ex) {
			// completed meanwhile on another thread: the end of the request (the request
			// listener, or the container's valve or handler) ends the resource
		}
	}

	/**
	 * Run the embedded Tomcat's handling of one dispatch of a request (its error page
	 * included), and end the request after it unless it is still asynchronous.
	 * @param request the request
	 * @param async whether the request is still asynchronous, asked after the handling
	 * @param handling the container's handling
	 * @throws IOException from the container
	 * @throws ServletException from the container
	 */
	static void valve(ServletRequest request, BooleanSupplier async, ContainerHandling handling)
			throws IOException, ServletException {
		// present on the dispatches after the first
		IncomingRequestResource resource = of(request);
		if (resource != null) {
			resource.inValve = true;
		}
		try {
			handling.run();
		}
		finally {
			if (resource != null) {
				resource.inValve = false;
			}
			if (!async.getAsBoolean() || (resource != null && resource.endedInValve)) {
				containerEnded(request.getAttribute(ATTRIBUTE));
			}
		}
	}

	/**
	 * End a request's resource when the container ends the request.
	 * @param attribute the request's resource attribute
	 */
	static void containerEnded(@Nullable Object attribute) {
		IncomingRequestResource resource = of(attribute);
		if (resource != null) {
			resource.emitDestroy();
		}
	}

	private void asyncCompleted() {
		if (this.inValve) {
			// announced before the error page of the dispatch that ends the request: the
			// valve ends it after that
			this.endedInValve = true;
		}
		else {
			emitDestroy();
		}
	}

	/**
	 * Run a callback of the request's async processing (a timeout, error or completion
	 * callback) in the request's scope, with the stores of the context it was registered
	 * in: the scope is entered only when the calling code does not run in it already and
	 * the request has not ended.
	 * @param context the stores, from {@link AsyncLocalStorage#captureContext()}
	 * @param callback the callback
	 */
	void runInRequest(@Nullable Object context, Runnable callback) {
		if (AsyncHooks.executionAsyncId() == asyncId() || isDestroyed()) {
			runInContext(context, callback);
		}
		else {
			runInAsyncScope(() -> runInContext(context, callback));
		}
	}

	/**
	 * Call a callback of the request's async processing that answers a value, like
	 * {@link #runInRequest(Object, Runnable)}.
	 * @param <T> the type of the value
	 * @param context the stores, from {@link AsyncLocalStorage#captureContext()}
	 * @param callback the callback
	 * @return the callback's value
	 * @throws Exception from the callback
	 */
	<T> T callInRequest(@Nullable Object context, Callable<T> callback) throws Exception {
		if (AsyncHooks.executionAsyncId() == asyncId() || isDestroyed()) {
			return callInContext(context, callback);
		}
		return callInAsyncScope(() -> callInContext(context, callback));
	}

	private static void runInContext(@Nullable Object context, Runnable callback) {
		Object previous = AsyncLocalStorage.enterContext(context);
		try {
			callback.run();
		}
		finally {
			AsyncLocalStorage.enterContext(previous);
		}
	}

	private static <T> T callInContext(@Nullable Object context, Callable<T> callback) throws Exception {
		Object previous = AsyncLocalStorage.enterContext(context);
		try {
			return callback.call();
		}
		finally {
			AsyncLocalStorage.enterContext(previous);
		}
	}

	/**
	 * The container's handling of a dispatch.
	 */
	@FunctionalInterface
	interface ContainerHandling {

		void run() throws IOException, ServletException;

	}

	/**
	 * Ends the request's resource when its async processing completes.
	 */
	private record Completion(IncomingRequestResource resource) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.resource.asyncCompleted();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// a dispatch may follow (Spring MVC renders the timeout): destroy on complete
		}

		@Override
		public void onError(AsyncEvent event) {
			// complete follows
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// a new async cycle from a later dispatch: that dispatch adds its own
			// listener
		}

	}

}
