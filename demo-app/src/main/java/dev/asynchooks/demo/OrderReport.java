package dev.asynchooks.demo;

import dev.asynchooks.AsyncHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reports the number of orders every 30 seconds: one {@code Timeout} resource with a
 * before/after pair per run.
 *
 * @author async-hooks
 */
@Component
class OrderReport {

	private static final Logger logger = LoggerFactory.getLogger(OrderReport.class);

	private final OrderRepository orders;

	OrderReport(OrderRepository orders) {
		this.orders = orders;
	}

	@Scheduled(fixedRate = 30_000, initialDelay = 5_000)
	void report() {
		logger.info("{} orders (report runs in async resource {})", this.orders.findAll().size(),
				AsyncHooks.executionAsyncId());
	}

}
