package dev.asynchooks.autoconfigure.web.servlet;

import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

/**
 * The resource object of an {@code HTTPINCOMINGMESSAGE} resource, as passed to
 * {@code init} and returned by {@code AsyncHooks.executionAsyncResource()} inside the
 * request's dispatches: one request received by the servlet container.
 * <p>
 * It is described as {@code METHOD path-pattern} ({@code GET /orders/{id}}) once Spring
 * MVC has mapped it to a handler, and as {@code METHOD} alone before that (in
 * {@code init}) or when no handler matched by pattern; the query string and the path
 * values are never part of it.
 *
 * @since 0.1.0
 */
public final class IncomingRequest implements DescribedResource {

	private final String method;

	private volatile @Nullable String pattern;

	IncomingRequest(String method) {
		this.method = method;
	}

	/**
	 * The HTTP method of the request.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * The path pattern of the handler the request was mapped to, such as
	 * {@code /orders/{id}}.
	 * @return the pattern, or {@code null} before the request is mapped or when no
	 * handler matched by pattern
	 */
	public @Nullable String pattern() {
		return this.pattern;
	}

	void mapped(String pattern) {
		// the first mapping names the request; an error dispatch maps it again to /error
		if (this.pattern == null) {
			this.pattern = pattern;
		}
	}

	/**
	 * The request as {@code METHOD path-pattern}, or {@code METHOD} before it is mapped.
	 * @return the description
	 */
	public String description() {
		String pattern = this.pattern;
		return (pattern != null) ? this.method + " " + pattern : this.method;
	}

	@Override
	public String toString() {
		return description();
	}

	@Override
	public String asyncDescription() {
		return description();
	}

}
