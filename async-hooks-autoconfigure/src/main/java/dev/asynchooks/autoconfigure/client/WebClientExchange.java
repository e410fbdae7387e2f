package dev.asynchooks.autoconfigure.client;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * An exchange sent by a {@code WebClient}: an {@code HTTPCLIENTREQUEST} resource created
 * when the exchange is subscribed, triggered by the context that subscribed it, and
 * described as {@code METHOD scheme://host:port/path}, without query string or user info,
 * as the blocking clients' exchanges are.
 *
 * @since 0.1.0
 */
public final class WebClientExchange extends AsyncResource implements DescribedResource {

	private final ClientRequest request;

	// described as the blocking clients' exchanges are: no query string, no user info
	private final RestExchange exchange;

	WebClientExchange(ClientRequest request) {
		// a response whose body is never read is destroyed when it is garbage-collected
		super(ResourceTypes.HTTPCLIENTREQUEST, AsyncResourceOptions.defaults());
		this.request = request;
		this.exchange = RestExchange.of(request.method().name(), request.url());
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
		// hooks may print the resource in init, before the field is set
		RestExchange exchange = this.exchange;
		return (exchange != null) ? exchange.toString() : type();
	}

	@Override
	public String toString() {
		return description();
	}

	/**
	 * The method and the origin ({@code GET http://host:port}): the path may hold user
	 * data, so it is a detail.
	 * @return the description
	 */
	@Override
	public @Nullable String asyncDescription() {
		RestExchange exchange = this.exchange;
		return (exchange != null) ? exchange.asyncDescription() : null;
	}

	@Override
	public @Nullable String asyncDetails() {
		RestExchange exchange = this.exchange;
		return (exchange != null) ? exchange.asyncDetails() : null;
	}

}
