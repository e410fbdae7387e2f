package dev.asynchooks.autoconfigure.web.servlet;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code HTTPINCOMINGMESSAGE} resources of Spring MVC requests on a real
 * Tomcat.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		// the handlers that fail on purpose: "Servlet.service() ... threw exception" with
		// the stack trace, "Resolved [AsyncRequestTimeoutException]"
		"logging.level.org.apache.catalina.core.ContainerBase=off",
		"logging.level.org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver=error" })
class ServletRequestIntegrationTests {

	private static final List<String> ONE_DISPATCH = List.of("init", "before", "after", "destroy");

	private static final List<String> TWO_DISPATCHES = List.of("init", "before", "after", "before", "after", "destroy");

	private static final List<String> THREE_DISPATCHES = List.of("init", "before", "after", "before", "after", "before",
			"after", "destroy");

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private WebServerResources servers;

	@Autowired
	private ServletTestApplication.TestController controller;

	@Autowired
	private IncomingRequestFilter filter;

	@Autowired
	private ServletWebServerApplicationContext context;

	/**
	 * Whether the embedded Tomcat's valve ends the requests (else the filter's request
	 * listener does).
	 * @return {@code true} here
	 */
	boolean endedByTomcatValve() {
		return true;
	}

	/**
	 * The events of a request whose async dispatch renders an error page (a timeout, a
	 * {@code sendError}): the request dispatch, the async dispatch and the error
	 * dispatch.
	 * @return the event kinds
	 */
	List<String> asyncDispatchThenErrorPage() {
		return THREE_DISPATCHES;
	}

	@Test
	void requestsAreEndedByTheTomcatValveOrByTheRequestListenerNeverBoth() {
		Tomcat tomcat = ((TomcatWebServer) this.context.getWebServer()).getTomcat();
		Context servletContext = (Context) tomcat.getHost().findChildren()[0];
		boolean valve = Arrays.stream(tomcat.getEngine().getPipeline().getValves())
			.anyMatch(TomcatRequestEndValve.class::isInstance);
		assertThat(valve).isEqualTo(endedByTomcatValve());
		assertThat(this.filter.isEndedByContainer()).isEqualTo(endedByTomcatValve());
		assertThat(servletContext.getApplicationEventListeners()).as("request listeners")
			.filteredOn(IncomingRequestListener.class::isInstance)
			.hasSize(endedByTomcatValve() ? 0 : 1);
	}

	@Test
	void synchronousHandlerRunsInTheRequestResourceTriggeredByTheServer() throws Exception {
		HttpResponse<String> response = get("/sync/42?secret=1", "sync-1");
		assertThat(response.statusCode()).isEqualTo(200);
		Handled handled = Handled.parse(response.body());
		Event init = requestInit(handled.executionAsyncId());
		assertThat(init.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port)).isGreaterThan(1);
		assertThat(handled.triggerAsyncId()).isEqualTo(init.triggerAsyncId());
		assertThat(handled.store()).isEqualTo("sync-1");
		IncomingRequest resource = (IncomingRequest) init.resource();
		assertThat(resource.description()).isEqualTo("GET /sync/{id}");
		assertThat(resource).hasToString("GET /sync/{id}");
		assertThat(resource.method()).isEqualTo("GET");
		assertThat(resource.pattern()).isEqualTo("/sync/{id}");
		awaitKinds(init.asyncId(), ONE_DISPATCH);
	}

	@Test
	void requestIsDescribedByItsMethodAtInitAndByItsPatternInItsHandler() throws Exception {
		List<String> atInit = new CopyOnWriteArrayList<>();
		List<String> inHandler = new CopyOnWriteArrayList<>();
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				if (ResourceTypes.HTTPINCOMINGMESSAGE.equals(type)) {
					atInit.add(resource.toString());
				}
			}

		}).enable();
		try {
			get("/sync/init", "init-1");
		}
		finally {
			hook.disable();
		}
		assertThat(atInit).containsExactly("GET");
		Event request = requestInit(Handled.parse(get("/sync/again", "init-2").body()).executionAsyncId());
		inHandler.add(request.resource().toString());
		assertThat(inHandler).containsExactly("GET /sync/{id}");
	}

	@Test
	void handlerSeesTheIncomingRequestAsItsExecutionResource() throws Exception {
		HttpResponse<String> response = get("/resource/1?x=y", "resource-1");
		assertThat(response.body()).isEqualTo("IncomingRequest GET /resource/{id}");
	}

	@Test
	void callableRunsInAnExecutorTaskTriggeredByTheRequestWithTheRequestsStore() throws Exception {
		HttpResponse<String> response = get("/callable", "callable-1");
		assertThat(response.statusCode()).isEqualTo(200);
		String[] parts = response.body().split("\\|");
		Handled handler = Handled.parse(parts[0]);
		Handled task = Handled.parse(parts[1]);
		Event request = requestInit(handler.executionAsyncId());
		assertThat(((IncomingRequest) request.resource()).description()).isEqualTo("GET /callable");
		Event taskInit = init(task.executionAsyncId());
		assertThat(taskInit.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(taskInit.triggerAsyncId()).isEqualTo(request.asyncId());
		assertThat(task.triggerAsyncId()).isEqualTo(request.asyncId());
		assertThat(task.store()).isEqualTo("callable-1");
		// the request dispatch, then the async re-dispatch that writes the result
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
		awaitKinds(taskInit.asyncId(), ONE_DISPATCH);
		assertOrder(request.asyncId(), taskInit.asyncId());
	}

	@Test
	void webAsyncTaskRunsInAnExecutorTaskTriggeredByTheRequest() throws Exception {
		HttpResponse<String> response = get("/webasynctask", "wat-1");
		assertThat(response.statusCode()).isEqualTo(200);
		String[] parts = response.body().split("\\|");
		Event request = requestInit(Handled.parse(parts[0]).executionAsyncId());
		Handled task = Handled.parse(parts[1]);
		Event taskInit = init(task.executionAsyncId());
		assertThat(taskInit.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(taskInit.triggerAsyncId()).isEqualTo(request.asyncId());
		assertThat(task.store()).isEqualTo("wat-1");
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
		awaitKinds(taskInit.asyncId(), ONE_DISPATCH);
	}

	@Test
	void deferredResultCompletedElsewhereIsRedispatchedInTheSameRequestResource() throws Exception {
		HttpResponse<String> response = get("/deferred", "deferred-1");
		assertThat(response.statusCode()).isEqualTo(200);
		String[] parts = response.body().split("\\|");
		Handled handler = Handled.parse(parts[0]);
		assertThat(handler.store()).isEqualTo("deferred-1");
		Event request = requestInit(handler.executionAsyncId());
		// completed on a thread of its own: no context there
		assertThat(Handled.parse(parts[1]).executionAsyncId()).isEqualTo(1);
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
	}

	// timeout: the async dispatch handles the timeout with a sendError(503); error: it
	// resolves the ResponseStatusException with a sendError(404); then the error
	// dispatch renders the page, still in the request's resource
	@ParameterizedTest
	@CsvSource({ "/deferred/timeout, 503", "/deferred/error, 404" })
	void asyncDispatchEndingInAnErrorPageEndsTheRequestResourceAfterIt(String path, int status) throws Exception {
		int before = lastId();
		HttpResponse<String> response = get(path, "async-error" + path.replace('/', '-'));
		assertThat(response.statusCode()).isEqualTo(status);
		Event request = onlyRequestSince(before, "GET " + path);
		awaitKinds(request.asyncId(), asyncDispatchThenErrorPage());
	}

	@Test
	void completableFutureIsRedispatchedInTheSameRequestResource() throws Exception {
		HttpResponse<String> response = get("/future", "future-1");
		assertThat(response.statusCode()).isEqualTo(200);
		Event request = requestInit(Handled.parse(response.body().split("\\|")[0]).executionAsyncId());
		assertThat(((IncomingRequest) request.resource()).description()).isEqualTo("GET /future");
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
	}

	@Test
	void sseEmitterCompletedElsewhereEndsTheRequestResource() throws Exception {
		HttpResponse<String> response = get("/sse", "sse-1");
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> data = response.body()
			.lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5))
			.toList();
		assertThat(data).hasSize(2).endsWith("later");
		Handled handler = Handled.parse(data.get(0));
		assertThat(handler.store()).isEqualTo("sse-1");
		Event request = requestInit(handler.executionAsyncId());
		assertThat(((IncomingRequest) request.resource()).description()).isEqualTo("GET /sse");
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
	}

	@Test
	void exceptionEndsTheRequestResourceAfterTheErrorDispatch() throws Exception {
		int before = lastId();
		HttpResponse<String> response = get("/boom", "boom-1");
		assertThat(response.statusCode()).isEqualTo(500);
		Event request = onlyRequestSince(before, "GET /boom");
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
	}

	@Test
	void sentErrorEndsTheRequestResourceAfterTheErrorDispatch() throws Exception {
		int before = lastId();
		HttpResponse<String> response = get("/missing", "missing-1");
		assertThat(response.statusCode()).isEqualTo(404);
		Event request = onlyRequestSince(before, "GET /missing");
		awaitKinds(request.asyncId(), TWO_DISPATCHES);
	}

	@Test
	void clientErrorResponseEndsTheRequestResource() throws Exception {
		HttpResponse<String> response = get("/bad", "bad-1");
		assertThat(response.statusCode()).isEqualTo(400);
		Event request = requestInit(Handled.parse(response.body()).executionAsyncId());
		awaitKinds(request.asyncId(), ONE_DISPATCH);
	}

	// complete-now: complete() in the dispatch that started async; complete-later:
	// complete() on another thread after that dispatch returned
	@ParameterizedTest
	@ValueSource(strings = { "complete-now", "complete-later" })
	void asyncRequestCompletedByTheApplicationEndsTheRequestResource(String how) throws Exception {
		int before = lastId();
		HttpResponse<String> response = get("/raw/" + how, "raw-" + how);
		assertThat(response.body()).isEqualTo("done");
		awaitKinds(onlyRequestSince(before, "GET").asyncId(), ONE_DISPATCH);
	}

	@Test
	void unmappedPathIsDescribedByItsMethodAndEndsTheRequestResource() throws Exception {
		int before = lastId();
		HttpResponse<String> response = get("/no/such/path", "unmapped-1");
		assertThat(response.statusCode()).isEqualTo(404);
		Event request = onlyRequestSince(before, null);
		assertThat(((IncomingRequest) request.resource()).description()).doesNotContain("such");
		await().until(() -> this.recorder.kinds(request.asyncId()).contains("destroy"));
		assertBalanced(request.asyncId());
	}

	@Test
	void requestToAnActuatorEndpointIsDescribedByItsPatternOnceDispatched() throws Exception {
		// the actuator's handler mapping runs no MVC interceptor: the filter names the
		// request from the pattern the mapping left in the request
		int before = lastId();
		HttpResponse<String> response = get("/actuator/health", "actuator-1");
		assertThat(response.statusCode()).isEqualTo(200);
		Event request = onlyRequestSince(before, null);
		await().until(() -> this.recorder.kinds(request.asyncId()).contains("destroy"));
		assertThat(((IncomingRequest) request.resource()).description()).isEqualTo("GET /actuator/health");
	}

	@Test
	void clientAbortDuringABlockingHandlerEndsTheRequestResource() throws Exception {
		int before = lastId();
		CountDownLatch entered = this.controller.entered.computeIfAbsent("abort-1", (k) -> new CountDownLatch(1));
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(
					("GET /blocking/abort-1 HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			entered.await();
		}
		this.controller.release.computeIfAbsent("abort-1", (k) -> new CountDownLatch(1)).countDown();
		Event request = onlyRequestSince(before, "GET /blocking/{key}");
		await().until(() -> this.recorder.kinds(request.asyncId()).contains("destroy"));
		assertBalanced(request.asyncId());
	}

	@Test
	void clientAbortWhileADeferredResultIsPendingEndsTheRequestResourceWhenItCompletes() throws Exception {
		int before = lastId();
		CountDownLatch entered = this.controller.entered.computeIfAbsent("abort-2", (k) -> new CountDownLatch(1));
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /deferred/held/abort-2 HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			entered.await();
		}
		Event request = onlyRequestSince(before, "GET /deferred/held/{key}");
		this.controller.pending.get("abort-2").setResult("too late");
		await().until(() -> this.recorder.kinds(request.asyncId()).contains("destroy"));
		assertBalanced(request.asyncId());
	}

	@Test
	void concurrentMixedRequestsWithAbortsEachSeeTheirOwnStoreAndNoResourceSurvivesItsRequest() throws Exception {
		int before = lastId();
		List<String> paths = List.of("/sync/1", "/callable", "/webasynctask", "/deferred", "/future", "/bad", "/boom",
				"/missing", "/deferred/timeout", "/sse");
		int rounds = 6;
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (String path : paths) {
				String id = "mixed-" + round + "-" + path;
				ids.add(id);
				responses.add(this.client.sendAsync(request(path, id), HttpResponse.BodyHandlers.ofString()));
			}
		}
		int aborts = 3;
		for (int i = 0; i < aborts; i++) {
			abort("/deferred/held/mixed-held-" + i, "mixed-held-" + i);
			abort("/blocking/mixed-blocking-" + i, "mixed-blocking-" + i);
			this.controller.pending.get("mixed-held-" + i).setResult("too late");
			this.controller.release.computeIfAbsent("mixed-blocking-" + i, (k) -> new CountDownLatch(1)).countDown();
		}
		for (int i = 0; i < responses.size(); i++) {
			HttpResponse<String> response = responses.get(i).join();
			String body = response.body();
			if (response.statusCode() == 200 || response.statusCode() == 400) {
				// every context the request's work ran in saw its own store only
				Set<String> stores = body.lines()
					.map((line) -> line.startsWith("data:") ? line.substring(5) : line)
					.filter((line) -> !line.equals("later") && !line.isBlank())
					.flatMap((line) -> List.of(line.split("\\|")).stream())
					.map(Handled::parse)
					.filter((handled) -> handled.executionAsyncId() != 1)
					.map(Handled::store)
					.collect(Collectors.toSet());
				assertThat(stores).as(body).containsExactly(ids.get(i));
			}
		}
		List<Long> requests = requestInitsSince(before).stream().map(Event::asyncId).toList();
		assertThat(requests).hasSize(rounds * paths.size() + 2 * aborts);
		List<Long> tasks = this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && requests.contains(event.triggerAsyncId()))
			.map(Event::asyncId)
			.toList();
		assertThat(tasks).hasSize(rounds * 2);
		await().untilAsserted(() -> {
			for (long id : requests) {
				assertThat(this.recorder.kinds(id)).as("request %d", id).endsWith("destroy");
			}
			for (long id : tasks) {
				assertThat(this.recorder.kinds(id)).as("task %d", id).containsExactlyElementsOf(ONE_DISPATCH);
			}
		});
		for (long id : requests) {
			assertBalanced(id);
		}
	}

	/**
	 * Send a request on a socket of its own and close the socket once the handler runs.
	 */
	private void abort(String path, String key) throws Exception {
		CountDownLatch entered = this.controller.entered.computeIfAbsent(key, (k) -> new CountDownLatch(1));
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			entered.await();
		}
	}

	private HttpResponse<String> get(String path, String id) throws Exception {
		return this.client.send(request(path, id), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path, String id) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("X-Id", id)
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	private Event init(long asyncId) {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && event.asyncId() == asyncId)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no init for " + asyncId));
	}

	private Event requestInit(long asyncId) {
		Event init = init(asyncId);
		assertThat(init.type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(init.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port));
		return init;
	}

	/**
	 * The number of events recorded so far (ids are handed to threads in blocks, so they
	 * do not tell what came later).
	 */
	private int lastId() {
		return this.recorder.events().size();
	}

	private List<Event> requestInitsSince(int index) {
		List<Event> events = this.recorder.events();
		return events.subList(index, events.size())
			.stream()
			.filter((event) -> event.kind().equals("init") && ResourceTypes.HTTPINCOMINGMESSAGE.equals(event.type()))
			.toList();
	}

	private Event onlyRequestSince(int index, String description) {
		List<Event> inits = requestInitsSince(index);
		assertThat(inits).hasSize(1);
		Event init = inits.get(0);
		assertThat(init.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port));
		if (description != null) {
			assertThat(((IncomingRequest) init.resource()).description()).isEqualTo(description);
		}
		return init;
	}

	private void awaitKinds(long asyncId, List<String> kinds) {
		await().untilAsserted(() -> assertThat(this.recorder.kinds(asyncId)).containsExactlyElementsOf(kinds));
	}

	/**
	 * Init first, destroy last and once, before/after in pairs between.
	 */
	private void assertBalanced(long asyncId) {
		List<String> kinds = this.recorder.kinds(asyncId);
		assertThat(kinds).first().isEqualTo("init");
		assertThat(kinds).last().isEqualTo("destroy");
		assertThat(kinds).filteredOn("destroy"::equals).hasSize(1);
		List<String> middle = kinds.subList(1, kinds.size() - 1);
		assertThat(middle).isNotEmpty();
		for (int i = 0; i < middle.size(); i += 2) {
			assertThat(middle.subList(i, i + 2)).containsExactly("before", "after");
		}
	}

	/**
	 * The task's init comes inside the request's first dispatch, and the re-dispatch once
	 * the task has produced the result (it may begin before the task's after).
	 */
	private void assertOrder(long request, long task) {
		List<String> sequence = this.recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == request || event.asyncId() == task)
			.map((event) -> event.kind() + ((event.asyncId() == request) ? ":request" : ":task"))
			.toList();
		assertThat(sequence).startsWith("init:request", "before:request", "init:task");
		assertThat(sequence).containsSubsequence("init:task", "before:task", "before:request", "after:request",
				"destroy:request");
		assertThat(sequence).containsSubsequence("init:task", "after:request", "before:request");
	}

	/**
	 * What a handler reported: {@code executionAsyncId triggerAsyncId store}.
	 */
	record Handled(long executionAsyncId, long triggerAsyncId, String store) {

		static Handled parse(String text) {
			String[] parts = text.trim().split(" ");
			return new Handled(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
		}

	}

}
