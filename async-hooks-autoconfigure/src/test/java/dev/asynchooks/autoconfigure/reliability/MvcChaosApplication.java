package dev.asynchooks.autoconfigure.reliability;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.autoconfigure.reliability.ChaosConfiguration.ChaosWork;
import dev.asynchooks.autoconfigure.reliability.ChaosLoad.Route;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Spring MVC chaos application (Tomcat): handlers that answer at once, throw, return
 * a {@code Callable} that runs or times out, a {@code DeferredResult} completed on a
 * bounded executor or never, an {@code @Async} {@code CompletableFuture} that succeeds or
 * fails, {@code TrackedCompletableFuture} chains, a request that saturates an executor,
 * and a slow answer for clients that go away. (No SSE stream: on Tomcat 11.0 an
 * {@code SseEmitter} whose client resets the connection is never completed in about 4
 * requests of 1,000, with or without the starter, even when the application completes it
 * after the failed send; such a request stays active in Tomcat, and live for hooks.) A
 * filter after the async-hooks one runs each request in {@code TAG.run(X-Tag, …)}.
 *
 * @author async-hooks
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ChaosConfiguration.class, MvcChaosApplication.ChaosController.class })
class MvcChaosApplication {

	/** The routes, with the statuses each may answer. */
	static final List<Route> ROUTES = List.of(Route.request("/ok", 10, true, 200),
			Route.request("/boom", 4, false, 500), Route.request("/callable", 6, true, 200),
			Route.request("/callable-timeout", 2, false, 503), Route.request("/deferred", 8, true, 200, 429),
			Route.request("/deferred-timeout", 2, false, 503), Route.request("/async", 6, true, 200),
			Route.request("/async-fail", 2, false, 500), Route.request("/tracked", 6, true, 200),
			Route.request("/tracked-fail", 2, false, 500), Route.request("/tracked-timeout", 2, true, 200),
			Route.request("/bounded", 6, true, 200, 429), Route.request("/saturate", 2, true, 200),
			Route.abort("/slow", 4));

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> tagFilter() {
		return new FilterRegistrationBean<>(new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				try {
					ChaosConfiguration.TAG.call(request.getHeader("X-Tag"), () -> {
						chain.doFilter(request, response);
						return null;
					});
				}
				catch (IOException | ServletException | RuntimeException ex) {
					throw ex;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}

		});
	}

	@RestController
	static class ChaosController {

		private final ChaosWork work;

		private final TaskScheduler scheduler;

		ChaosController(ChaosWork work, TaskScheduler scheduler) {
			this.work = work;
			this.scheduler = scheduler;
		}

		@GetMapping("/ok")
		String ok() {
			return ChaosConfiguration.tagged("ok");
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("chaos: handler threw");
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			return () -> ChaosConfiguration.tagged("callable");
		}

		@GetMapping("/callable-timeout")
		WebAsyncTask<String> callableTimeout() {
			// the task ends only once the request has completed with the timeout's 503:
			// interrupted at the timeout, an InterruptedException could set the result
			// first (a 500)
			CountDownLatch completed = new CountDownLatch(1);
			WebAsyncTask<String> task = new WebAsyncTask<>(20, () -> {
				awaitUninterruptibly(completed);
				return "late";
			});
			task.onCompletion(completed::countDown);
			return task;
		}

		private static void awaitUninterruptibly(CountDownLatch latch) {
			boolean interrupted = false;
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (latch.getCount() > 0 && System.nanoTime() < end) {
				try {
					latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

		@GetMapping("/deferred")
		DeferredResult<ResponseEntity<String>> deferred() {
			DeferredResult<ResponseEntity<String>> result = new DeferredResult<>(5_000L);
			try {
				this.work.boundedExecutor()
					.execute(() -> result.setResult(ResponseEntity.ok(ChaosConfiguration.tagged("deferred"))));
			}
			catch (TaskRejectedException ex) {
				result.setResult(ResponseEntity.status(429).body("rejected"));
			}
			return result;
		}

		@GetMapping("/deferred-timeout")
		DeferredResult<String> deferredTimeout() {
			return new DeferredResult<>(20L);
		}

		@GetMapping("/async")
		CompletionStage<String> async() {
			return this.work.async(false);
		}

		@GetMapping("/async-fail")
		CompletionStage<String> asyncFail() {
			return this.work.async(true);
		}

		@GetMapping("/tracked")
		CompletionStage<String> tracked() {
			return this.work.tracked(false);
		}

		@GetMapping("/tracked-fail")
		CompletionStage<String> trackedFail() {
			return this.work.tracked(true);
		}

		@GetMapping("/tracked-timeout")
		CompletionStage<String> trackedTimeout() {
			return this.work.trackedTimeout();
		}

		@GetMapping("/bounded")
		CompletionStage<ResponseEntity<String>> bounded() {
			return this.work.bounded()
				.thenApply(ResponseEntity::ok)
				.exceptionally((ex) -> ResponseEntity.status(429).body("rejected"));
		}

		@GetMapping("/saturate")
		CompletionStage<String> saturate() {
			return this.work.saturate();
		}

		@GetMapping("/slow")
		DeferredResult<String> slow() {
			DeferredResult<String> result = new DeferredResult<>(5_000L);
			this.scheduler.schedule(() -> result.setResult(ChaosConfiguration.tagged("slow")),
					Instant.now().plusMillis(20));
			return result;
		}

	}

}
