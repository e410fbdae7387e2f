package dev.asynchooks.autoconfigure.tracing;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.live.LiveResources;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;

/**
 * Gives an incoming request's node the trace of its server span: the request resource is
 * created before the server observation starts, so its {@code init} saw no span. When the
 * observation of a received message (a server request) opens its scope on the request's
 * thread, the span that tracing started for it is attached to the resource running there,
 * unless that resource has a trace already.
 *
 * @since 0.1.0
 */
public class ServerSpanObservationHandler implements ObservationHandler<ReceiverContext<?>> {

	private final LiveResources liveResources;

	/**
	 * Create a handler.
	 * @param liveResources the registry whose resources get the trace
	 */
	public ServerSpanObservationHandler(LiveResources liveResources) {
		this.liveResources = liveResources;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ReceiverContext<?>;
	}

	@Override
	public void onScopeOpened(ReceiverContext<?> context) {
		TracingContext tracing = context.get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span != null) {
			this.liveResources.attachTraceContext(AsyncHooks.executionAsyncId(), span.context());
		}
	}

}
