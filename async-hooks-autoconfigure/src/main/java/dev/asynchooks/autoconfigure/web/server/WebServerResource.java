package dev.asynchooks.autoconfigure.web.server;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;

/**
 * A {@code TCPSERVERWRAP} resource: one embedded web server from when it listens on a
 * port until it stops. It never runs callbacks (no {@code before}/{@code after}); it is
 * the trigger of the requests the server receives.
 *
 * @since 0.1.0
 */
public final class WebServerResource extends AsyncResource {

	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final String description;

	private final int port;

	WebServerResource(String description, int port) {
		super(ResourceTypes.TCPSERVERWRAP, OPTIONS);
		this.description = description;
		this.port = port;
	}

	/**
	 * The server and its port, such as {@code tomcat:8080}, with the server namespace
	 * when it has one ({@code tomcat:8081 (management)}).
	 * @return the description
	 */
	public String description() {
		// called by hooks in init, before the field is set
		return (this.description != null) ? this.description : "";
	}

	/**
	 * The local port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	@Override
	public String toString() {
		return super.toString() + " " + description();
	}

}
