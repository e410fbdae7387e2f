package dev.asynchooks.autoconfigure.web.servlet;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * An {@code HTTPINCOMINGMESSAGE} resource: one request received by the servlet container,
 * from its first dispatch until its response is complete. Each dispatch (the request
 * itself, an async re-dispatch, an error dispatch) runs in its scope, with a
 * {@code before}/{@code after} pair.
 * <p>
 * It is described as {@code METHOD path-pattern} ({@code GET /orders/{id}}) once Spring
 * MVC has mapped it to a handler, and as {@code METHOD} alone before that; the query
 * string and the path values are never part of the description.
 *
 * @since 0.1.0
 */
public final class IncomingRequest extends AsyncResource {

	private final String method;

	private volatile @Nullable String pattern;

	IncomingRequest(String method, long triggerAsyncId) {
		super(ResourceTypes.HTTPINCOMINGMESSAGE, options(triggerAsyncId));
		this.method = method;
	}

	private static AsyncResourceOptions options(long triggerAsyncId) {
		AsyncResourceOptions options = AsyncResourceOptions.defaults().withRequireManualDestroy(true);
		// 0: no server known, the creating context is the trigger
		return (triggerAsyncId > 0) ? options.withTriggerAsyncId(triggerAsyncId) : options;
	}

	/**
	 * The HTTP method of the request.
	 * @return the method
	 */
	public String method() {
		// called by hooks in init, before the field is set
		return (this.method != null) ? this.method : "";
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
		return (pattern != null) ? method() + " " + pattern : method();
	}

	@Override
	public String toString() {
		return super.toString() + " " + description();
	}

}
