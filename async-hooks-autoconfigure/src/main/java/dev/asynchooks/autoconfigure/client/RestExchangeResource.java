package dev.asynchooks.autoconfigure.client;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;

/**
 * An {@code HTTPCLIENTREQUEST} resource: one blocking {@code RestClient} or
 * {@code RestTemplate} exchange, triggered by the code that made the call. Hooks see its
 * {@link RestExchange}. A response that the application never closes is destroyed when it
 * is garbage-collected.
 */
final class RestExchangeResource extends AsyncResource {

	RestExchangeResource(RestExchange exchange) {
		super(ResourceTypes.HTTPCLIENTREQUEST, AsyncResourceOptions.defaults(), exchange);
	}

}
