package dev.asynchooks.autoconfigure.client;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.asynchooks.autoconfigure.web.reactive.ScopedPublisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * An {@link ExchangeFilterFunction} that makes each {@code WebClient} exchange one
 * {@link WebClientExchange} ({@code HTTPCLIENTREQUEST}) resource, created when the
 * exchange is subscribed (its trigger is the subscribing context). The response and each
 * signal of its body are delivered in the resource's scope, so the code that handles them
 * runs in it with the caller's {@code AsyncLocalStorage} stores. The resource is
 * destroyed once: when the response body completes, errors or is cancelled, or, when no
 * response arrives, when the exchange errors, completes empty or is cancelled.
 *
 * @since 0.1.0
 */
public class WebClientExchangeFilter implements ExchangeFilterFunction {

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			WebClientExchange exchange = new WebClientExchange(request);
			AtomicBoolean responded = new AtomicBoolean();
			return ScopedPublisher.mono(exchange, Mono.defer(() -> next.exchange(request))).map((response) -> {
				responded.set(true);
				return response.mutate()
					.body((body) -> ScopedPublisher.flux(exchange, body).doFinally((signal) -> exchange.emitDestroy()))
					.build();
			}).doFinally((signal) -> {
				if (!responded.get() || signal == SignalType.ON_ERROR) {
					exchange.emitDestroy();
				}
			});
		});
	}

}
