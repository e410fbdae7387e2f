package dev.asynchooks.autoconfigure.client;

import java.net.URI;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * An exchange sent by a {@code WebClient}: an {@code HTTPCLIENTREQUEST} resource created
 * when the exchange is subscribed, triggered by the context that subscribed it, and
 * described as {@code METHOD uri} without the query string.
 *
 * @since 0.1.0
 */
public final class WebClientExchange extends AsyncResource implements DescribedResource {

	private final ClientRequest request;

	WebClientExchange(ClientRequest request) {
		// a response whose body is never read is destroyed when it is garbage-collected
		super(ResourceTypes.HTTPCLIENTREQUEST, AsyncResourceOptions.defaults());
		this.request = request;
	}

	/**
	 * The request.
	 * @return the request
	 */
	public ClientRequest request() {
		return this.request;
	}

	/**
	 * A short description: {@code METHOD scheme://host:port/path}.
	 * @return the description
	 */
	public String description() {
		ClientRequest request = this.request;
		if (request == null) {
			// hooks may print the resource in init, before the field is set
			return type();
		}
		String uri = request.url().toString();
		int query = uri.indexOf('?');
		return request.method().name() + " " + ((query < 0) ? uri : uri.substring(0, query));
	}

	@Override
	public String toString() {
		return description();
	}

	/**
	 * The method and the origin ({@code GET http://host:port}): the path and query may
	 * hold user data, so they are details.
	 * @return the description
	 */
	@Override
	public @Nullable String asyncDescription() {
		ClientRequest request = this.request;
		if (request == null) {
			return null;
		}
		URI url = request.url();
		String origin = url.getScheme() + "://" + url.getRawAuthority();
		return request.method().name() + " " + origin;
	}

	@Override
	public @Nullable String asyncDetails() {
		ClientRequest request = this.request;
		return (request != null) ? request.method().name() + " " + request.url() : null;
	}

}
