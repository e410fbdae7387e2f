package dev.asynchooks.demo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Ships orders in the background, slowly: each call is an {@code ASYNC_METHOD} resource
 * whose work is an observation, so that with tracing on it is a span, child of the
 * request's span (the starter carries the span into the {@code @Async} method).
 *
 * @author async-hooks
 */
@Service
public class OrderShipping {

	private final ObservationRegistry observations;

	OrderShipping(ObservationRegistry observations) {
		this.observations = observations;
	}

	@Async
	public CompletableFuture<String> ship(Order order, Duration takes) {
		return CompletableFuture.completedFuture(Observation.createNotStarted("order.ship", this.observations)
			.lowCardinalityKeyValue("item", order.item())
			.observe(() -> {
				try {
					Thread.sleep(takes.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return "SHIPPED";
			}));
	}

	/**
	 * What follows a shipment, registered by the request: a dependent of the
	 * {@code @Async} method's future, run in the request's span.
	 * @param order the order
	 * @param status the shipment's outcome
	 * @return the order's new status
	 */
	String notify(Order order, String status) {
		return Observation.createNotStarted("order.notify", this.observations)
			.observe(() -> status + " " + order.item());
	}

}
