package dev.asynchooks.autoconfigure.actuate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with work to show: {@code GET /orders/{id}} stays open until its
 * {@code @Async} {@link Kitchen#prepare(long)} returns, which waits, after
 * {@link Kitchen#hold()}, until {@link Kitchen#release()}. The kitchen has one thread: a
 * second order waits, pending, for the first.
 *
 * @author async-hooks
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
@Import({ HtmlPageApplication.OrderController.class, HtmlPageApplication.Kitchen.class })
class HtmlPageApplication {

	/**
	 * One cook: while one order is prepared, the next waits in the queue.
	 * @return the kitchen's executor
	 */
	@Bean
	ThreadPoolTaskExecutor kitchenExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setThreadNamePrefix("cook-");
		return executor;
	}

	@RestController
	static class OrderController {

		private final Kitchen kitchen;

		OrderController(Kitchen kitchen) {
			this.kitchen = kitchen;
		}

		@GetMapping("/orders/{id}")
		CompletableFuture<String> order(@PathVariable long id) {
			return this.kitchen.prepare(id);
		}

	}

	static class Kitchen {

		private volatile CountDownLatch gate = new CountDownLatch(0);

		@Async("kitchenExecutor")
		public CompletableFuture<String> prepare(long id) {
			try {
				if (!this.gate.await(60, TimeUnit.SECONDS)) {
					return CompletableFuture.failedFuture(new IllegalStateException("never released"));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture("order " + id);
		}

		void hold() {
			this.gate = new CountDownLatch(1);
		}

		void release() {
			this.gate.countDown();
		}

	}

}
