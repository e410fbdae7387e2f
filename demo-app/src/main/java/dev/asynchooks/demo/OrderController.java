package dev.asynchooks.demo;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.MDC;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Places and shows orders.
 *
 * @author async-hooks
 */
@RestController
@RequestMapping("/orders")
class OrderController {

	private final OrderRepository orders;

	private final OrderFulfilment fulfilment;

	private final OrderShipping shipping;

	OrderController(OrderRepository orders, OrderFulfilment fulfilment, OrderShipping shipping) {
		this.orders = orders;
		this.fulfilment = fulfilment;
		this.shipping = shipping;
	}

	@PostMapping
	CompletableFuture<Order> place(@RequestBody OrderRequest request) {
		Order order = this.orders.create(request.item(), request.quantity());
		return this.fulfilment.fulfil(order);
	}

	@GetMapping
	Collection<Order> all() {
		return this.orders.findAll();
	}

	@GetMapping("/{id}")
	ResponseEntity<Order> one(@PathVariable long id) {
		Order order = this.orders.find(id);
		return (order != null) ? ResponseEntity.ok(order) : ResponseEntity.notFound().build();
	}

	/**
	 * Start shipping an order, which takes {@code seconds}, and answer at once: the
	 * {@code @Async} shipment and what follows it stay live meanwhile. With tracing on,
	 * {@code traceId} is this request's trace (from the MDC that tracing fills).
	 */
	@PostMapping("/{id}/shipments")
	ResponseEntity<Map<String, Object>> ship(@PathVariable long id, @RequestParam(defaultValue = "5") int seconds) {
		Order order = this.orders.find(id);
		if (order == null) {
			return ResponseEntity.notFound().build();
		}
		this.shipping.ship(order, Duration.ofSeconds(Math.min(Math.max(seconds, 0), 60)))
			.thenApply((status) -> this.shipping.notify(order, status));
		String traceId = MDC.get("traceId");
		return ResponseEntity.accepted()
			.body(Map.of("order", id, "status", "SHIPPING", "traceId", (traceId != null) ? traceId : "none"));
	}

	record OrderRequest(String item, int quantity) {
	}

}
