package dev.asynchooks.demo;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;

/**
 * Orders, in memory.
 *
 * @author async-hooks
 */
@Repository
class OrderRepository {

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	Order create(String item, int quantity) {
		Order order = new Order(this.ids.incrementAndGet(), item, quantity, "PENDING", RequestIds.current(), null, 0);
		this.orders.put(order.id(), order);
		return order;
	}

	void save(Order order) {
		this.orders.put(order.id(), order);
	}

	@Nullable Order find(long id) {
		return this.orders.get(id);
	}

	Collection<Order> findAll() {
		return this.orders.values();
	}

}
