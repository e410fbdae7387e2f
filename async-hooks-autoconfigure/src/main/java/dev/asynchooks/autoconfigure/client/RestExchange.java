package dev.asynchooks.autoconfigure.client;

import java.net.URI;

import dev.asynchooks.DescribedResource;

/**
 * The resource object of an {@code HTTPCLIENTREQUEST} resource made for a blocking
 * {@code RestClient} or {@code RestTemplate} exchange, as passed to {@code init} and
 * returned by {@code AsyncHooks.executionAsyncResource()} inside the exchange.
 *
 * @param method the HTTP method
 * @param target the target as {@code scheme://host:port/path}: no query string, no user
 * info
 * @since 0.1.0
 */
public record RestExchange(String method, String target) implements DescribedResource {

	static RestExchange of(String method, URI uri) {
		// no query string, no user info: they may hold secrets
		StringBuilder target = new StringBuilder();
		if (uri.getScheme() != null) {
			target.append(uri.getScheme()).append("://");
		}
		if (uri.getHost() != null) {
			target.append(uri.getHost());
			if (uri.getPort() != -1) {
				target.append(':').append(uri.getPort());
			}
		}
		if (uri.getRawPath() != null) {
			target.append(uri.getRawPath());
		}
		return new RestExchange(method, target.toString());
	}

	/**
	 * The exchange as {@code METHOD scheme://host:port/path}.
	 * @return the description
	 */
	@Override
	public String toString() {
		return this.method + " " + this.target;
	}

	/**
	 * The method and the origin ({@code GET http://host:port}): the path may hold
	 * identifiers, so it is a detail.
	 * @return the description
	 */
	@Override
	public String asyncDescription() {
		int scheme = this.target.indexOf("://");
		int path = this.target.indexOf('/', (scheme < 0) ? 0 : scheme + 3);
		return this.method + " " + ((path < 0) ? this.target : this.target.substring(0, path));
	}

	@Override
	public String asyncDetails() {
		return toString();
	}

}
