package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * An exchange received by a WebFlux server: an {@code HTTPINCOMINGMESSAGE} resource,
 * passed to {@code init} and returned by
 * {@link dev.asynchooks.AsyncHooks#executionAsyncResource()} while the exchange's code
 * runs. It is described as {@code METHOD path-pattern} once a handler is mapped, and as
 * {@code METHOD path} (without the query string) before.
 *
 * @since 0.1.0
 */
public final class WebFluxIncomingMessage extends AsyncResource implements DescribedResource {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final ServerWebExchange exchange;

	WebFluxIncomingMessage(ServerWebExchange exchange, long triggerAsyncId) {
		super(ResourceTypes.HTTPINCOMINGMESSAGE,
				(triggerAsyncId != 0) ? MANUAL.withTriggerAsyncId(triggerAsyncId) : MANUAL);
		this.exchange = exchange;
	}

	/**
	 * The exchange.
	 * @return the exchange
	 */
	public ServerWebExchange exchange() {
		return this.exchange;
	}

	/**
	 * A short description: {@code METHOD path-pattern}, or {@code METHOD path} when no
	 * pattern is known.
	 * @return the description
	 */
	public String description() {
		ServerWebExchange exchange = this.exchange;
		if (exchange == null) {
			// hooks may print the resource in init, before the field is set
			return type();
		}
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String path = (pattern != null) ? pattern.toString() : exchange.getRequest().getPath().value();
		return exchange.getRequest().getMethod().name() + " " + path;
	}

	@Override
	public String toString() {
		return description();
	}

	/**
	 * {@code METHOD path-pattern}, or only {@code METHOD} until a handler's pattern is
	 * known: a path may hold identifiers, so it is a detail.
	 * @return the description
	 */
	@Override
	public @Nullable String asyncDescription() {
		ServerWebExchange exchange = this.exchange;
		if (exchange == null) {
			return null;
		}
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String method = exchange.getRequest().getMethod().name();
		return (pattern != null) ? method + " " + pattern : method;
	}

	@Override
	public @Nullable String asyncDetails() {
		ServerWebExchange exchange = this.exchange;
		return (exchange != null) ? exchange.getRequest().getMethod().name() + " "
				+ exchange.getRequest().getURI().getRawPath() + ((exchange.getRequest().getURI().getRawQuery() != null)
						? "?" + exchange.getRequest().getURI().getRawQuery() : "")
				: null;
	}

}
