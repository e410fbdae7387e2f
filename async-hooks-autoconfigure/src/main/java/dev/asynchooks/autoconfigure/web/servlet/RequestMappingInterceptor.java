package dev.asynchooks.autoconfigure.web.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Names the {@link IncomingRequest} after the path pattern that Spring MVC mapped it to,
 * before the handler runs.
 */
final class RequestMappingInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		IncomingRequest incoming = IncomingRequestFilter.incomingRequest(request);
		if (incoming != null && incoming.pattern() == null) {
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			if (pattern != null) {
				incoming.mapped(pattern.toString());
			}
		}
		return true;
	}

}
