package dev.asynchooks.demo;

import org.jspecify.annotations.Nullable;

/**
 * An order.
 *
 * @param id the order id
 * @param item what was ordered
 * @param quantity how many
 * @param status PENDING until fulfilled, then FULFILLED
 * @param requestId the request that placed the order
 * @param fulfilledInRequest the request id seen by the {@code @Async} fulfilment
 * @param fulfilmentAsyncId the async id of the fulfilment's {@code ASYNC_METHOD} resource
 * @author async-hooks
 */
public record Order(long id, String item, int quantity, String status, @Nullable String requestId,
		@Nullable String fulfilledInRequest, long fulfilmentAsyncId) {

	Order fulfilled(@Nullable String requestId, long asyncId) {
		return new Order(this.id, this.item, this.quantity, "FULFILLED", this.requestId, requestId, asyncId);
	}

}
