package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code onTimeout}, {@code onError} and {@code onCompletion} callbacks of
 * the async return values of Spring MVC handlers on a real Tomcat: each runs in its
 * request's resource, with the request's stores and MDC.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = { ServletTestApplication.class, AsyncCallbacksIntegrationTests.CallbacksController.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "logging.level.org.apache.catalina.core.ContainerBase=off")
class AsyncCallbacksIntegrationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	CallbacksController controller;

	@Test
	void deferredResultTimeoutAndCompletionCallbacksRunInTheRequest() throws Exception {
		HttpResponse<String> response = get("/callbacks/deferred/timeout/d1", "d1");
		assertThat(response.body()).isEqualTo("timeout");
		assertCallbacksRanInTheRequest("d1", "onTimeout", "onCompletion");
	}

	@Test
	void sseEmitterInAResponseEntityHasItsCallbacksRunInTheRequest() throws Exception {
		HttpResponse<String> response = get("/callbacks/entity/timeout/e1", "e1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertCallbacksRanInTheRequest("e1", "onTimeout", "onCompletion");
	}

	@Test
	void webAsyncTaskTimeoutAndCompletionCallbacksRunInTheRequest() throws Exception {
		try {
			HttpResponse<String> response = get("/callbacks/task/timeout/t1", "t1");
			assertThat(response.body()).isEqualTo("timeout");
			assertCallbacksRanInTheRequest("t1", "onTimeout", "onCompletion");
		}
		finally {
			this.controller.release.complete(null);
		}
	}

	@Test
	void sseEmitterTimeoutAndCompletionCallbacksRunInTheRequest() throws Exception {
		HttpResponse<String> response = get("/callbacks/sse/timeout/s1", "s1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertCallbacksRanInTheRequest("s1", "onTimeout", "onCompletion");
	}

	@Test
	void sseEmitterErrorAndCompletionCallbacksRunInTheRequestWhenTheClientIsGone() throws Exception {
		abortAndWriteUntilItFails("s2", "");
		assertCallbacksRanInTheRequest("s2", "onError", "onCompletion");
	}

	/**
	 * Open an event stream on a socket of its own, close the socket once the response has
	 * begun, then send events until a write fails.
	 */
	void abortAndWriteUntilItFails(String key, String query) throws Exception {
		CountDownLatch entered = this.controller.entered(key);
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /callbacks/sse/error/" + key + query + " HTTP/1.1\r\nHost: localhost\r\nX-Id: " + key
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			entered.await();
			InputStream in = socket.getInputStream();
			assertThat(in.read()).isNotEqualTo(-1);
		}
		SseEmitter emitter = this.controller.emitters.get(key);
		// writes fail once the container sees the connection closed
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			try {
				emitter.send(new byte[8192]);
				return false;
			}
			catch (IOException | IllegalStateException ex) {
				return true;
			}
		});
	}

	@Test
	void callbacksOfAHandlerThatRegisteredNoneAddNoRunToTheRequest() throws Exception {
		HttpResponse<String> response = get("/callbacks/deferred/plain/p1", "p1");
		assertThat(response.body()).isEqualTo("timeout");
		long request = Long.parseLong(this.controller.handlers.get("p1").split(" ")[0]);
		// the request dispatch, then the async dispatch that writes the timeout result
		await().untilAsserted(() -> assertThat(this.recorder.kinds(request)).containsExactly("init", "before", "after",
				"before", "after", "destroy"));
	}

	void assertCallbacksRanInTheRequest(String key, String... callbacks) {
		String handler = this.controller.handlers.get(key);
		assertThat(handler).isNotNull();
		long request = Long.parseLong(handler.split(" ")[0]);
		await().untilAsserted(() -> {
			assertThat(this.controller.callbacks.keySet())
				.contains(List.of(callbacks).stream().map((callback) -> key + "." + callback).toArray(String[]::new));
			assertThat(this.recorder.kinds(request)).endsWith("destroy");
		});
		for (String callback : callbacks) {
			// executionAsyncId triggerAsyncId store asyncId: the store and the MDC's
			// asyncId of the handler
			assertThat(this.controller.callbacks.get(key + "." + callback)).as(callback).isEqualTo(handler);
		}
		assertBalanced(request);
	}

	private void assertBalanced(long asyncId) {
		List<String> kinds = this.recorder.kinds(asyncId);
		assertThat(kinds).first().isEqualTo("init");
		assertThat(kinds).last().isEqualTo("destroy");
		assertThat(kinds).filteredOn("destroy"::equals).hasSize(1);
		List<String> middle = kinds.subList(1, kinds.size() - 1);
		for (int i = 0; i < middle.size(); i += 2) {
			assertThat(middle.subList(i, i + 2)).containsExactly("before", "after");
		}
	}

	private HttpResponse<String> get(String path, String id) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("X-Id", id)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@RestController
	static class CallbacksController {

		// 50 ms, longer on Jetty (see JettyServletRequestIntegrationTests)
		@Value("${test.async-timeout:50}")
		private long timeout;

		final Map<String, String> handlers = new ConcurrentHashMap<>();

		final Map<String, String> callbacks = new ConcurrentHashMap<>();

		final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

		final Map<String, SseEmitter> emitters = new ConcurrentHashMap<>();

		// joined, not awaited: Spring interrupts the task on timeout, and a task that
		// answers the interrupt races the timeout callback for the result
		final CompletableFuture<Void> release = new CompletableFuture<>();

		CountDownLatch entered(String key) {
			return this.entered.computeIfAbsent(key, (k) -> new CountDownLatch(1));
		}

		private void handler(String key) {
			this.handlers.put(key, ServletTestApplication.context() + " " + AsyncHooks.executionAsyncId());
		}

		private void callback(String key, String callback) {
			this.callbacks.put(key + "." + callback, ServletTestApplication.context() + " " + MDC.get("asyncId"));
		}

		@GetMapping("/callbacks/deferred/timeout/{key}")
		DeferredResult<String> deferredTimeout(@PathVariable String key) {
			handler(key);
			return deferred(key);
		}

		@GetMapping("/callbacks/entity/timeout/{key}")
		ResponseEntity<SseEmitter> entityTimeout(@PathVariable String key) {
			handler(key);
			return ResponseEntity.ok(emitter(key));
		}

		private DeferredResult<String> deferred(String key) {
			DeferredResult<String> result = new DeferredResult<>(this.timeout);
			result.onTimeout(() -> {
				callback(key, "onTimeout");
				result.setResult("timeout");
			});
			result.onError((ex) -> callback(key, "onError"));
			result.onCompletion(() -> callback(key, "onCompletion"));
			return result;
		}

		@GetMapping("/callbacks/deferred/plain/{key}")
		DeferredResult<String> deferredPlain(@PathVariable String key) {
			handler(key);
			return new DeferredResult<>(this.timeout, "timeout");
		}

		@GetMapping("/callbacks/task/timeout/{key}")
		WebAsyncTask<String> taskTimeout(@PathVariable String key) {
			handler(key);
			WebAsyncTask<String> task = new WebAsyncTask<>(this.timeout, () -> {
				this.release.join();
				return "late";
			});
			task.onTimeout(() -> {
				callback(key, "onTimeout");
				return "timeout";
			});
			task.onCompletion(() -> callback(key, "onCompletion"));
			return task;
		}

		@GetMapping("/callbacks/sse/timeout/{key}")
		SseEmitter sseTimeout(@PathVariable String key) {
			handler(key);
			return emitter(key);
		}

		private SseEmitter emitter(String key) {
			SseEmitter emitter = new SseEmitter(this.timeout);
			emitter.onTimeout(() -> {
				callback(key, "onTimeout");
				emitter.complete();
			});
			emitter.onCompletion(() -> callback(key, "onCompletion"));
			return emitter;
		}

		@GetMapping("/callbacks/sse/error/{key}")
		SseEmitter sseError(@PathVariable String key, @RequestParam(defaultValue = "60000") long timeout)
				throws IOException {
			handler(key);
			SseEmitter emitter = new SseEmitter(timeout);
			emitter.onError((ex) -> callback(key, "onError"));
			emitter.onCompletion(() -> callback(key, "onCompletion"));
			emitter.send("first");
			this.emitters.put(key, emitter);
			entered(key).countDown();
			return emitter;
		}

	}

}
