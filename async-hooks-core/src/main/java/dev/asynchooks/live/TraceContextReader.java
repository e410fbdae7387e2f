package dev.asynchooks.live;

import org.jspecify.annotations.Nullable;

/**
 * Reads the trace context (of a tracer such as Micrometer Tracing) that is current on a
 * thread, so that {@link LiveResources} can tell which trace each resource belongs to.
 * {@link #current()} is called in every tracked resource's {@code init}, on the creating
 * thread, and must be cheap: it returns the tracer's context object as it is; the ids are
 * read from it only when a view is taken.
 *
 * @param <C> the type of the tracer's trace context
 * @since 0.1.0
 */
public interface TraceContextReader<C> {

	/**
	 * The trace context current on this thread.
	 * @return the context, or {@code null} when no span is current
	 */
	@Nullable C current();

	/**
	 * The id of the trace of a context returned by {@link #current()}.
	 * @param context the context
	 * @return the trace id, 32 (or, for B3, 16) lowercase hex digits
	 */
	String traceId(C context);

	/**
	 * The id of the span of a context returned by {@link #current()}.
	 * @param context the context
	 * @return the span id, 16 lowercase hex digits
	 */
	String spanId(C context);

}
