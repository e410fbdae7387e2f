package dev.asynchooks.autoconfigure.web.reactive;

import java.util.function.ToLongFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A {@link WebFilter}, ordered first, that makes each exchange one
 * {@link WebFluxIncomingMessage} ({@code HTTPINCOMINGMESSAGE}) resource. The rest of the
 * chain is subscribed in its scope, and the request body and the chain's outcome are
 * delivered in it, so handler code runs inside the request whichever thread the request
 * body arrives on. The resource is destroyed once, when the chain completes (the response
 * is written), errors or is cancelled (the client went away).
 *
 * @since 0.1.0
 */
public class HttpIncomingMessageWebFilter implements WebFilter, Ordered {

	/**
	 * The order of this filter: first.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final ToLongFunction<ServerWebExchange> triggerAsyncId;

	/**
	 * Create a filter.
	 * @param triggerAsyncId the trigger of an exchange's resource (the server's
	 * {@code TCPSERVERWRAP}), {@code 0} for the context that runs the filter
	 */
	public HttpIncomingMessageWebFilter(ToLongFunction<ServerWebExchange> triggerAsyncId) {
		this.triggerAsyncId = triggerAsyncId;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		WebFluxIncomingMessage message = new WebFluxIncomingMessage(exchange,
				this.triggerAsyncId.applyAsLong(exchange));
		ServerWebExchange scoped = exchange.mutate().request(new ScopedRequest(exchange.getRequest(), message)).build();
		return ScopedPublisher.mono(message, Mono.defer(() -> chain.filter(scoped)))
			.doFinally((signal) -> message.emitDestroy());
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static final class ScopedRequest extends ServerHttpRequestDecorator {

		private final WebFluxIncomingMessage message;

		ScopedRequest(ServerHttpRequest delegate, WebFluxIncomingMessage message) {
			super(delegate);
			this.message = message;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return ScopedPublisher.flux(this.message, super.getBody());
		}

	}

}
