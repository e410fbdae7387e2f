package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;

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
 * on timeout, on error or because the client went away). An {@code AsyncListener}
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
 * <p>
 * When the request ends is decided by {@link IncomingRequestResource} alone; the filter
 * hands it each dispatch.
 *
 * @since 0.1.0
 */
public class IncomingRequestFilter implements Filter, Ordered {

	// read by name where Spring MVC may be absent, see IncomingRequestResource
	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = IncomingRequestResource.BEST_MATCHING_PATTERN_ATTRIBUTE;

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
		IncomingRequestResource resource = IncomingRequestResource.of(request);
		return (resource != null) ? resource.request() : null;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest httpRequest) {
			IncomingRequestResource.dispatch(httpRequest, response, chain, () -> triggerAsyncId(request));
		}
		else {
			chain.doFilter(request, response);
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

	@Override
	public int getOrder() {
		return ORDER;
	}

}
