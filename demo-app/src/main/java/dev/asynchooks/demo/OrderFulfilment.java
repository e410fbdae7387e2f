package dev.asynchooks.demo;

import java.util.concurrent.CompletableFuture;

import dev.asynchooks.AsyncHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Fulfils orders in the background: each call is an {@code ASYNC_METHOD} resource that
 * still sees the request id of the request that placed the order.
 *
 * @author async-hooks
 */
@Service
public class OrderFulfilment {

	private static final Logger logger = LoggerFactory.getLogger(OrderFulfilment.class);

	private final OrderRepository orders;

	OrderFulfilment(OrderRepository orders) {
		this.orders = orders;
	}

	@Async
	public CompletableFuture<Order> fulfil(Order order) {
		Order fulfilled = order.fulfilled(RequestIds.current(), AsyncHooks.executionAsyncId());
		this.orders.save(fulfilled);
		logger.info("Fulfilled order {} for request {} in async resource {} (triggered by {})", order.id(),
				RequestIds.current(), AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId());
		return CompletableFuture.completedFuture(fulfilled);
	}

}
