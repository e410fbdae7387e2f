package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Ends the requests' resources on Tomcat, in place of the request listener of
 * {@link IncomingRequestFilter}: an engine valve, around all of a request's handling by
 * the container, its error page included. Once any request listener is registered, Tomcat
 * builds an event and copies its listener array for every request attribute set or
 * removed, some thirty times per Spring MVC request; the valve costs one call.
 * <p>
 * A request that is still asynchronous when the container thread leaves it is ended by
 * the filter's {@code AsyncListener} on completion, as without the valve.
 */
final class TomcatRequestEndValve extends ValveBase {

	TomcatRequestEndValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (!request.isAsync()) {
				IncomingRequestFilter.requestEnded(request);
			}
		}
	}

}
