package dev.asynchooks.autoconfigure.web.servlet;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Ends the resource of each request that passed the {@link IncomingRequestFilter} when
 * the container ends the request: {@code requestDestroyed} comes after the last dispatch,
 * the error dispatch included, and after an async request completed. Not registered where
 * the container ends the requests itself (the embedded Tomcat's valve).
 */
final class IncomingRequestListener implements ServletRequestListener {

	@Override
	public void requestDestroyed(ServletRequestEvent event) {
		IncomingRequestResource
			.containerEnded(event.getServletRequest().getAttribute(IncomingRequestResource.ATTRIBUTE));
	}

}
