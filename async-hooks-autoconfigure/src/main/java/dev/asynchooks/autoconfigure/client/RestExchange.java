package dev.asynchooks.autoconfigure.client;

import java.net.URI;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;

/**
 * An {@code HTTPCLIENTREQUEST} resource: one blocking {@code RestClient} or
 * {@code RestTemplate} exchange, triggered by the code that made the call. The exchange
 * runs in its scope; it is destroyed when the response is closed (which
 * {@code RestClient} and {@code RestTemplate} do before the call returns) or when the
 * exchange fails. A response that the application never closes is destroyed when it is
 * garbage-collected.
 *
 * @since 0.1.0
 */
public final class RestExchange extends AsyncResource {

	private final String description;

	RestExchange(String method, URI uri) {
		super(ResourceTypes.HTTPCLIENTREQUEST);
		this.description = method + " " + describe(uri);
	}

	private static String describe(URI uri) {
		// no query string, no user info: they may hold secrets
		StringBuilder description = new StringBuilder();
		if (uri.getScheme() != null) {
			description.append(uri.getScheme()).append("://");
		}
		if (uri.getHost() != null) {
			description.append(uri.getHost());
			if (uri.getPort() != -1) {
				description.append(':').append(uri.getPort());
			}
		}
		if (uri.getRawPath() != null) {
			description.append(uri.getRawPath());
		}
		return description.toString();
	}

	/**
	 * The exchange as {@code METHOD scheme://host:port/path}, without query string.
	 * @return the description
	 */
	public String description() {
		// called by hooks in init, before the field is set
		return (this.description != null) ? this.description : "";
	}

	@Override
	public String toString() {
		return super.toString() + " " + description();
	}

}
