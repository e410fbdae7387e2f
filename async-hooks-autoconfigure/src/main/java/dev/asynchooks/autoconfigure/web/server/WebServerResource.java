package dev.asynchooks.autoconfigure.web.server;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;

/**
 * A {@code TCPSERVERWRAP} resource: one embedded web server from when it listens on a
 * port until it stops. It never runs callbacks (no {@code before}/{@code after}); it is
 * the trigger of the requests the server receives. Hooks see its
 * {@link ListeningWebServer} as the resource object.
 */
final class WebServerResource extends AsyncResource {

	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final ListeningWebServer server;

	WebServerResource(ListeningWebServer server) {
		super(ResourceTypes.TCPSERVERWRAP, OPTIONS, server);
		this.server = server;
	}

	ListeningWebServer server() {
		return this.server;
	}

}
