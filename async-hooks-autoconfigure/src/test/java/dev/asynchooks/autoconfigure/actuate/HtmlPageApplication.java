package dev.asynchooks.autoconfigure.actuate;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
import org.springframework.web.filter.OncePerRequestFilter;

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

	@Bean
	PageRequests pageRequests() {
		return new PageRequests();
	}

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

	/**
	 * Counts the requests for the endpoint's page (a browser's, or the page's own
	 * refresh).
	 */
	static class PageRequests extends OncePerRequestFilter {

		final AtomicInteger count = new AtomicInteger();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String accept = request.getHeader("Accept");
			if (request.getRequestURI().equals("/actuator/asynchooks") && accept != null
					&& accept.startsWith("text/html")) {
				this.count.incrementAndGet();
			}
			chain.doFilter(request, response);
		}

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
