package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Ends the resources of the requests that passed the {@link IncomingRequestFilter} on
 * Tomcat, in place of an {@link IncomingRequestListener}: an engine valve, around all of
 * a request's handling by the container, its error page included. Once any request
 * listener is registered, Tomcat builds an event and copies its listener array for every
 * request attribute set or removed, some thirty times per Spring MVC request; the valve
 * costs one call.
 * <p>
 * A request that is still asynchronous when the container thread leaves it is ended by
 * the filter's {@code AsyncListener} on completion. When an async dispatch ends the
 * request, Tomcat announces the completion from inside that dispatch, before the error
 * page it may still render (a timeout, a {@code sendError}): the listener then leaves the
 * end to the valve, so that the error page runs in the request's scope.
 */
final class TomcatRequestEndValve extends ValveBase {

	TomcatRequestEndValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		IncomingRequestResource.valve(request, request::isAsync, () -> getNext().invoke(request, response));
	}

}
