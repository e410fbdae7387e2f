package dev.asynchooks.autoconfigure.tracing;

import dev.asynchooks.live.TraceContextReader;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the span current on a thread from a Micrometer {@link Tracer}: at a resource's
 * {@code init} it keeps the tracer's {@link TraceContext} as it is, when the trace is
 * sampled; the ids are read from it when the endpoint shows the resource.
 *
 * @since 0.1.0
 */
public class MicrometerTraceContextReader implements TraceContextReader<TraceContext> {

	private final Tracer tracer;

	/**
	 * Create a reader.
	 * @param tracer the tracer whose current span is read
	 */
	public MicrometerTraceContextReader(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable TraceContext current() {
		TraceContext context = this.tracer.currentTraceContext().context();
		// a trace that is not sampled reaches no backend: nothing to look it up by
		return (context != null && !Boolean.FALSE.equals(context.sampled())) ? context : null;
	}

	@Override
	public String traceId(TraceContext context) {
		return context.traceId();
	}

	@Override
	public String spanId(TraceContext context) {
		return context.spanId();
	}

}
