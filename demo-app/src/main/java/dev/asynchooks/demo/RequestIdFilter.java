package dev.asynchooks.demo;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each request an id (the {@code X-Request-Id} header, or a new one), kept in
 * {@link RequestIds} for the request and all the asynchronous work it starts.
 *
 * @author async-hooks
 */
@Component
class RequestIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("X-Request-Id");
		String requestId = (header != null && !header.isBlank()) ? header
				: UUID.randomUUID().toString().substring(0, 8);
		response.setHeader("X-Request-Id", requestId);
		try {
			RequestIds.STORAGE.call(requestId, () -> {
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
	}

}
