package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A servlet application whose handlers report the context they run in as
 * {@code executionAsyncId triggerAsyncId store}: the store is the value of the
 * {@code X-Id} header, set by a user filter that runs after the async-hooks one.
 *
 * @author async-hooks
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ServletTestApplication {

	static final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	@Bean
	RecordingCallbacks recordingCallbacks() {
		return new RecordingCallbacks();
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> requestIdFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {

					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						String id = request.getHeader("X-Id");
						if (id == null) {
							chain.doFilter(request, response);
							return;
						}
						try {
							requestId.call(id, () -> {
								chain.doFilter(request, response);
								return null;
							});
						}
						catch (IOException | ServletException | RuntimeException ex) {
							throw ex;
						}
						catch (Exception ex) {
							throw new ServletException(ex);
						}
					}

				});
		registration.setOrder(0);
		return registration;
	}

	// a servlet that uses the async API directly, without Spring MVC
	@Bean
	ServletRegistrationBean<HttpServlet> rawAsyncServlet() {
		ExecutorService completer = Executors.newSingleThreadExecutor();
		HttpServlet servlet = new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				AsyncContext async = request.startAsync();
				if (request.getPathInfo().equals("/complete-now")) {
					complete(async);
				}
				else {
					completer.execute(() -> complete(async));
				}
			}

			private void complete(AsyncContext async) {
				try {
					async.getResponse().getWriter().write("done");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				async.complete();
			}

		};
		ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(servlet, "/raw/*");
		registration.setAsyncSupported(true);
		return registration;
	}

	static String context() {
		return AsyncHooks.executionAsyncId() + " " + AsyncHooks.triggerAsyncId() + " " + requestId.getStore();
	}

	@RestController
	static class TestController {

		// completes deferred results on a thread that is not the request's
		private final ExecutorService completer = Executors.newCachedThreadPool();

		final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

		final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();

		final Map<String, DeferredResult<String>> pending = new ConcurrentHashMap<>();

		@Autowired
		private ObjectProvider<RestClient.Builder> restClientBuilder;

		@GetMapping("/proxy")
		String proxy(HttpServletRequest request) {
			String outer = context();
			String inner = this.restClientBuilder.getObject()
				.build()
				.get()
				.uri("http://localhost:" + request.getLocalPort() + "/sync/inner")
				.header("X-Id", requestId.getStore())
				.retrieve()
				.body(String.class);
			return outer + "|" + inner;
		}

		@GetMapping("/resource/{id}")
		String resource() {
			Object resource = AsyncHooks.executionAsyncResource();
			return resource.getClass().getSimpleName() + " " + resource;
		}

		@GetMapping("/sync/{id}")
		String sync(@PathVariable String id) {
			return context();
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			String handler = context();
			return () -> handler + "|" + context();
		}

		@GetMapping("/webasynctask")
		WebAsyncTask<String> webAsyncTask() {
			String handler = context();
			return new WebAsyncTask<>(5000, () -> handler + "|" + context());
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			String handler = context();
			DeferredResult<String> result = new DeferredResult<>();
			this.completer.execute(() -> result.setResult(handler + "|" + context()));
			return result;
		}

		@GetMapping("/deferred/held/{key}")
		DeferredResult<String> held(@PathVariable String key) {
			DeferredResult<String> result = new DeferredResult<>();
			this.pending.put(key, result);
			this.entered.computeIfAbsent(key, (k) -> new CountDownLatch(1)).countDown();
			return result;
		}

		// the async timeout of the handlers that time out: 50 ms, longer where the
		// container loses requests whose timeout expires early (see
		// JettyServletRequestIntegrationTests)
		@Value("${test.async-timeout:50}")
		private long asyncTimeout;

		@GetMapping("/deferred/timeout")
		DeferredResult<String> deferredTimeout() {
			// never completed: times out
			return new DeferredResult<>(this.asyncTimeout);
		}

		@GetMapping("/deferred/error")
		DeferredResult<String> deferredError() {
			DeferredResult<String> result = new DeferredResult<>();
			this.completer.execute(() -> result.setErrorResult(new ResponseStatusException(HttpStatus.NOT_FOUND)));
			return result;
		}

		@GetMapping("/future")
		CompletableFuture<String> future() {
			String handler = context();
			return CompletableFuture.supplyAsync(() -> handler + "|" + context(), this.completer);
		}

		@GetMapping("/sse")
		SseEmitter sse() throws IOException {
			SseEmitter emitter = new SseEmitter(5000L);
			emitter.send(context());
			this.completer.execute(() -> {
				try {
					emitter.send("later");
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			});
			return emitter;
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/missing")
		String missing() {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}

		@GetMapping("/bad")
		ResponseEntity<String> bad() {
			return ResponseEntity.badRequest().body(context());
		}

		@GetMapping("/blocking/{key}")
		void blocking(@PathVariable String key, HttpServletResponse response) throws Exception {
			this.entered.computeIfAbsent(key, (k) -> new CountDownLatch(1)).countDown();
			this.release.computeIfAbsent(key, (k) -> new CountDownLatch(1)).await();
			// the client is gone: writing fails sooner or later
			byte[] chunk = new byte[64 * 1024];
			for (int i = 0; i < 256; i++) {
				response.getOutputStream().write(chunk);
				response.flushBuffer();
			}
		}

	}

}
