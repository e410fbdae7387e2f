package dev.asynchooks.autoconfigure.web.servlet;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;

/**
 * An {@code HTTPINCOMINGMESSAGE} resource: one request from its first dispatch until its
 * response is complete, each dispatch (the request itself, an async re-dispatch, an error
 * dispatch) a {@code before}/{@code after} pair. Hooks see its {@link IncomingRequest}.
 */
final class IncomingRequestResource extends AsyncResource {

	private final IncomingRequest request;

	// set while one of the request's dispatches runs through the filter; the dispatches
	// of a request follow one another, and the container orders an async dispatch after
	// the return of the dispatch that started it
	boolean dispatching;

	// set while the embedded Tomcat's valve runs one of the request's dispatches: Tomcat
	// announces the end of an async request from inside an async dispatch that ends it,
	// before the error page that dispatch may still render, and the valve ends the
	// request once that is done
	volatile boolean inValve;

	// the end was announced while the valve ran
	volatile boolean endedInValve;

	IncomingRequestResource(IncomingRequest request, long triggerAsyncId) {
		super(ResourceTypes.HTTPINCOMINGMESSAGE, options(triggerAsyncId), request);
		this.request = request;
	}

	private static AsyncResourceOptions options(long triggerAsyncId) {
		AsyncResourceOptions options = AsyncResourceOptions.defaults().withRequireManualDestroy(true);
		// 0: no server known, the creating context is the trigger
		return (triggerAsyncId > 0) ? options.withTriggerAsyncId(triggerAsyncId) : options;
	}

	IncomingRequest request() {
		return this.request;
	}

}
