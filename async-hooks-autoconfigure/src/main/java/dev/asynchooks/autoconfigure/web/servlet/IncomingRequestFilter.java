package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

import dev.asynchooks.autoconfigure.web.server.WebServerResources;

/**
 * Makes each request an {@code HTTPINCOMINGMESSAGE} resource (an {@link IncomingRequest}
 * to hooks), triggered by the {@code TCPSERVERWRAP} of the server that received it, and
 * runs each of its dispatches (request, async and error) in the resource's scope, so that
 * the filters after this one, the handler and whatever they start see the request as
 * their execution context.
 * <p>
 * The resource is destroyed once, when the container ends the request: by a
 * {@code ServletRequestListener}, whose {@code requestDestroyed} comes after the last
 * dispatch, the error dispatch included, and after an async request completed (normally,
 * on timeout, on error or because the client went away). An {@link AsyncListener}
 * destroys it on async completion too, for containers that do not announce the end of an
 * async request to request listeners. On the embedded Tomcat an engine valve takes the
 * request listener's place, and no request listener is registered: one makes Tomcat build
 * an event for each request attribute set or removed. On the embedded Jetty a handler
 * around the server's handlers does: Jetty calls {@code requestDestroyed} after every
 * dispatch, not once per request.
 * <p>
 * It is registered for the request, async and error dispatches. It is a plain
 * {@link Filter} rather than a {@code OncePerRequestFilter}: the request's resource, kept
 * in a request attribute, already tells a new dispatch from a nested one, and the marker
 * attribute that {@code OncePerRequestFilter} sets and removes on every dispatch costs
 * two more attribute events per request wherever a request listener is registered.
 *
 * @since 0.1.0
 */
public class IncomingRequestFilter implements Filter, Ordered {

	static final String RESOURCE_ATTRIBUTE = IncomingRequestResource.class.getName();

	// Spring MVC's HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, by name: the filter
	// runs in applications without Spring MVC (Jersey, plain servlets), where reading
	// the constant would load a class that is not there
	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	/**
	 * The order of the filter: first, so that every other filter runs in the request's
	 * scope.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	// resolved once: a bean factory lookup per request costs microseconds
	private final SingletonSupplier<WebServerResources> servers;

	private volatile boolean endedByContainer;

	/**
	 * Create a filter.
	 * @param servers the web server resources, the triggers of the requests
	 */
	public IncomingRequestFilter(ObjectProvider<WebServerResources> servers) {
		this.servers = SingletonSupplier.of(servers::getIfAvailable);
	}

	/**
	 * The request as hooks see it.
	 * @param request the request
	 * @return the resource object of its {@code HTTPINCOMINGMESSAGE}, or {@code null}
	 * when the request did not pass this filter
	 */
	public static @Nullable IncomingRequest incomingRequest(ServletRequest request) {
		IncomingRequestResource resource = resource(request);
		return (resource != null) ? resource.request() : null;
	}

	static @Nullable IncomingRequestResource resource(ServletRequest request) {
		return (request.getAttribute(RESOURCE_ATTRIBUTE) instanceof IncomingRequestResource resource) ? resource : null;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest httpRequest)) {
			chain.doFilter(request, response);
			return;
		}
		IncomingRequestResource resource = resource(request);
		if (resource == null) {
			resource = new IncomingRequestResource(new IncomingRequest(httpRequest.getMethod()),
					triggerAsyncId(request));
			request.setAttribute(RESOURCE_ATTRIBUTE, resource);
		}
		else if (resource.dispatching || resource.isDestroyed()) {
			// a dispatch nested in one of the request's own (an error page rendered from
			// inside it) already runs in its scope; a dispatch after the container ended
			// the request has nothing to run it in
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
			named(httpRequest, resource.request());
			if (request.isAsyncStarted()) {
				listen(request, resource);
			}
		}
	}

	// handler mappings that do not run MVC interceptors (actuator endpoints, functional
	// routes) still leave the pattern they matched in the request when the dispatch ends
	private static void named(HttpServletRequest request, IncomingRequest incoming) {
		if (incoming.pattern() == null
				&& request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			incoming.mapped(pattern);
		}
	}

	private static void listen(ServletRequest request, IncomingRequestResource resource) {
		try {
			request.getAsyncContext().addListener(new Completion(resource));
		}
		catch (IllegalStateException ex) {
			// completed meanwhile on another thread: the end of the request (the request
			// listener, or the container's valve or handler) ends the resource
		}
	}

	private long triggerAsyncId(ServletRequest request) {
		WebServerResources servers = this.servers.get();
		return (servers != null) ? servers.triggerAsyncId(request, ServletRequest::getLocalPort) : 0;
	}

	// whether the container ends the requests' resources itself (the embedded Tomcat's
	// valve, Jetty's handler), so that no request listener is registered
	boolean isEndedByContainer() {
		return this.endedByContainer;
	}

	void endedByContainer() {
		this.endedByContainer = true;
	}

	static void requestEnded(ServletRequest request) {
		requestEnded(request.getAttribute(RESOURCE_ATTRIBUTE));
	}

	// the container's end of a request, given the request's resource attribute
	static void requestEnded(@Nullable Object resourceAttribute) {
		if (resourceAttribute instanceof IncomingRequestResource resource) {
			resource.emitDestroy();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Destroys the request's resource when its async processing completes.
	 */
	private record Completion(IncomingRequestResource resource) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			if (this.resource.inValve) {
				// announced before the error page of the dispatch that ends the request:
				// the valve ends it after that
				this.resource.endedInValve = true;
			}
			else {
				this.resource.emitDestroy();
			}
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
