package dev.asynchooks.demo;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

	OrderController(OrderRepository orders, OrderFulfilment fulfilment) {
		this.orders = orders;
		this.fulfilment = fulfilment;
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

	record OrderRequest(String item, int quantity) {
	}

}
