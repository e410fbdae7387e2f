package dev.asynchooks.autoconfigure.web.servlet;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * Ends the resources of the requests that passed the {@link IncomingRequestFilter} on
 * Jetty, in place of an {@link IncomingRequestListener}: a handler around the server's
 * whole handler tree, whose request callback Jetty completes once, after the last
 * dispatch of the request (async and error dispatches included) and when the request
 * fails. Jetty calls a request listener's {@code requestDestroyed} after every dispatch,
 * so a listener would end an async request before its async and error dispatches.
 */
final class JettyRequestEndHandler extends Handler.Wrapper {

	JettyRequestEndHandler(Handler handler) {
		super(handler);
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) throws Exception {
		return super.handle(request, response, new RequestEnd(request, callback));
	}

	/**
	 * Ends the request's resource, then completes Jetty's callback: the servlet request's
	 * attributes are the core request's, and they are still there until then.
	 */
	private record RequestEnd(Request request, Callback callback) implements Callback {

		@Override
		public void succeeded() {
			try {
				IncomingRequestResource.containerEnded(this.request.getAttribute(IncomingRequestResource.ATTRIBUTE));
			}
			finally {
				this.callback.succeeded();
			}
		}

		@Override
		public void failed(Throwable failure) {
			try {
				IncomingRequestResource.containerEnded(this.request.getAttribute(IncomingRequestResource.ATTRIBUTE));
			}
			finally {
				this.callback.failed(failure);
			}
		}

		@Override
		public InvocationType getInvocationType() {
			return this.callback.getInvocationType();
		}

	}

}
