package dev.asynchooks.autoconfigure.web.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.client.WebClientExchange;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for WebFlux exchanges, Reactor scheduler hops and WebClient exchanges in a whole
 * application on Netty.
 *
 * @author async-hooks
 */
@DirtiesContext // closing the context removes the process-wide Reactor schedule hook
@SpringBootTest(classes = WebFluxIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
				// the handler that fails on purpose: "500 Server Error" with the stack
				// trace
				// (Spring's HTTP log: the handler's logger, else HttpLogging)
				"logging.level.org.springframework.boot.webflux.autoconfigure.error.AbstractErrorWebExceptionHandler=off",
				"logging.level.org.springframework.web.HttpLogging=off" })
class WebFluxIntegrationTests {

	static final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>("requestId", null);

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private WebServerResources servers;

	@Autowired
	private Handlers handlers;

	@LocalServerPort
	private int port;

	private WebClient client;

	@BeforeEach
	void createClient() {
		// a client without the filter, so that the test's own calls make no resources
		this.client = WebClient.builder().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void monoHandlerRunsInOneIncomingMessageTriggeredByTheServer() {
		String body = get("/mono/7", "r-mono");
		Step step = Step.parse(body);
		Event init = init(step.asyncId());
		assertThat(init.type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(init.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port)).isGreaterThan(1);
		assertThat(init.resource()).hasToString("GET /mono/{id}");
		assertThat(((WebFluxIncomingMessage) init.resource()).exchange().getRequest().getURI().getPath())
			.isEqualTo("/mono/7");
		assertThat(step.store()).isEqualTo("r-mono");
		await().until(() -> this.recorder.kinds(step.asyncId()).contains("destroy"));
		List<String> kinds = this.recorder.kinds(step.asyncId());
		assertThat(kinds).startsWith("init", "before").endsWith("after", "destroy");
		assertBalanced(kinds);
	}

	@Test
	void descriptionIsThePathWithoutQueryWhenNoHandlerPatternIsKnown() {
		assertThatExceptionOfType(WebClientResponseException.Forbidden.class)
			.isThrownBy(() -> get("/blocked/here?secret=1", "r-blocked"));
		await().until(() -> incomingDescribed("GET /blocked/here").stream()
			.anyMatch((init) -> this.recorder.kinds(init.asyncId()).contains("destroy")));
		List<Event> inits = incomingDescribed("GET /blocked/here");
		assertThat(inits).hasSize(1);
		assertThat(this.recorder.kinds(inits.get(0).asyncId())).startsWith("init", "before")
			.endsWith("after", "destroy");
	}

	@Test
	void fluxHandlerEmitsInTheRequestsContext() {
		List<Step> steps = Step.parseAll(get("/flux", "r-flux"));
		assertThat(steps).hasSize(3);
		long request = steps.get(0).asyncId();
		assertThat(init(request).type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(steps).allSatisfy((step) -> assertThat(step.store()).isEqualTo("r-flux"));
		assertThat(steps).allSatisfy((step) -> assertThat(step.asyncId()).isEqualTo(request));
	}

	@Test
	void requestBodyHandlerRunsInTheRequestEvenWhenTheBodyArrivesLater() {
		String body = this.client.post()
			.uri("/echo")
			.header("X-Request-Id", "r-body")
			.bodyValue("hello")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		Step step = Step.parse(body);
		assertThat(init(step.asyncId()).type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(step.name()).isEqualTo("echo:hello");
	}

	@Test
	void everyHopRunsInAReactorTaskWhoseTriggerChainReachesTheRequestWithTheRequestsStore() {
		List<Step> steps = Step.parseAll(get("/hops", "r-hops"));
		assertThat(steps).extracting(Step::name)
			.containsExactly("handler", "publishOn", "delay", "parallel", "subscribeOn", "rail", "rail", "rail",
					"rail");
		long request = steps.get(0).asyncId();
		assertThat(init(request).type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		long server = this.servers.triggerAsyncId(this.port);
		for (Step step : steps.subList(1, steps.size())) {
			assertThat(step.store()).as(step.name()).isEqualTo("r-hops");
			assertThat(init(step.asyncId()).type()).as(step.name()).isEqualTo(ResourceTypes.REACTOR_TASK);
			List<Long> chain = triggerChain(step.asyncId());
			assertThat(chain).as(step.name()).contains(request);
			assertThat(chain.subList(chain.indexOf(request), chain.size())).as(step.name())
				.containsExactly(request, server);
		}
		assertThat(steps.subList(0, 5)).extracting(Step::asyncId).doesNotHaveDuplicates();
		await().until(() -> steps.stream().allMatch((step) -> this.recorder.kinds(step.asyncId()).contains("destroy")));
		for (Step step : steps.subList(1, steps.size())) {
			assertThat(this.recorder.kinds(step.asyncId())).as(step.name())
				.containsExactly("init", "before", "after", "destroy");
		}
	}

	@Test
	void concurrentRequestsEachSeeOnlyTheirOwnStore() {
		List<String> ids = IntStream.range(0, 24).mapToObj((i) -> "r-concurrent-" + i).toList();
		Map<String, List<Step>> results = Flux.fromIterable(ids)
			.flatMap((id) -> this.client.get()
				.uri("/hops")
				.header("X-Request-Id", id)
				.retrieve()
				.bodyToMono(String.class)
				.map((body) -> Map.entry(id, Step.parseAll(body))))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(30));
		assertThat(results).hasSize(ids.size());
		results.forEach((id, steps) -> {
			assertThat(steps).hasSize(9);
			assertThat(steps).allSatisfy((step) -> assertThat(step.store()).isEqualTo(id));
			long request = steps.get(0).asyncId();
			assertThat(steps.subList(1, steps.size()))
				.allSatisfy((step) -> assertThat(triggerChain(step.asyncId())).contains(request));
		});
		assertThat(results.values().stream().map((steps) -> steps.get(0).asyncId()).distinct()).hasSize(ids.size());
	}

	@Test
	void streamOfPeriodicTicksRunsInReactorTasksReachingTheRequestAndEndsWhenTheClientGoesAway() {
		List<String> ticks = this.client.get()
			.uri("/ticks")
			.header("X-Request-Id", "r-ticks")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(String.class)
			.take(3)
			.collectList()
			.block(Duration.ofSeconds(10));
		List<Step> steps = ticks.stream().map(Step::parse).toList();
		assertThat(steps).hasSize(3).extracting(Step::asyncId).doesNotHaveDuplicates();
		long request = this.handlers.ticks.get("r-ticks");
		assertThat(init(request).type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		// the first run carries the subscriber's stores; each later run is triggered by
		// the run before, which need not be the run of the previous tick received: a
		// tick the client had not asked for yet is dropped (onBackpressureDrop) by a run
		// of its own
		assertThat(steps.get(0).store()).isEqualTo("r-ticks");
		assertThat(triggerChain(steps.get(1).asyncId())).contains(steps.get(0).asyncId(), request);
		assertThat(triggerChain(steps.get(2).asyncId())).contains(steps.get(1).asyncId(), steps.get(0).asyncId(),
				request);
		List<Long> chain = triggerChain(steps.get(2).asyncId());
		assertThat(chain.subList(0, chain.indexOf(request)))
			.allSatisfy((id) -> assertThat(init(id).type()).isEqualTo(ResourceTypes.REACTOR_TASK));
		assertThat(steps)
			.allSatisfy((step) -> assertThat(init(step.asyncId()).type()).isEqualTo(ResourceTypes.REACTOR_TASK));
		await().until(() -> this.recorder.kinds(request).contains("destroy"));
		assertThat(this.recorder.kinds(request)).filteredOn("destroy"::equals).hasSize(1);
		assertBalanced(this.recorder.kinds(request));
	}

	@Test
	void failingHandlerStillEndsItsRequest() {
		assertThatExceptionOfType(WebClientResponseException.InternalServerError.class)
			.isThrownBy(() -> get("/fail", "r-fail"));
		long request = this.handlers.failed.get("r-fail");
		await().until(() -> this.recorder.kinds(request).contains("destroy"));
		List<String> kinds = this.recorder.kinds(request);
		assertThat(kinds).startsWith("init", "before").endsWith("after", "destroy");
		assertThat(kinds).filteredOn("destroy"::equals).hasSize(1);
		assertBalanced(kinds);
	}

	@Test
	void clientThatGoesAwayCancelsAndEndsTheRequest() throws Exception {
		CountDownLatch subscribed = this.handlers.slowSubscribed("r-abort");
		Disposable call = this.client.get()
			.uri("/slow")
			.header("X-Request-Id", "r-abort")
			.retrieve()
			.bodyToMono(String.class)
			.subscribe();
		assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
		long request = this.handlers.slow.get("r-abort");
		assertThat(this.recorder.kinds(request)).doesNotContain("destroy");
		call.dispose();
		await().until(() -> this.recorder.kinds(request).contains("destroy"));
		assertThat(this.handlers.cancelled).contains("r-abort");
		List<String> kinds = this.recorder.kinds(request);
		assertThat(kinds).startsWith("init", "before").endsWith("destroy");
		assertThat(kinds).filteredOn("destroy"::equals).hasSize(1);
		assertBalanced(kinds);
	}

	@Test
	void webClientExchangeIsAClientRequestTriggeredByTheCallerAndTheServerSideIsTriggeredByTheServer() {
		List<Step> steps = Step.parseAll(get("/proxy/5", "r-proxy"));
		Step proxy = steps.get(0);
		Step inner = steps.get(1);
		Step response = steps.get(2);
		long server = this.servers.triggerAsyncId(this.port);
		// the outgoing exchange: triggered by the calling context (the proxy request)
		assertThat(init(response.asyncId()).type()).isEqualTo(ResourceTypes.HTTPCLIENTREQUEST);
		assertThat(init(response.asyncId()).triggerAsyncId()).isEqualTo(proxy.asyncId());
		assertThat(init(response.asyncId()).resource()).isInstanceOf(WebClientExchange.class)
			.hasToString("GET http://localhost:" + this.port + "/mono/5");
		assertThat(response.store()).isEqualTo("r-proxy");
		// the request it causes on the server: triggered by the server, not by the client
		assertThat(init(inner.asyncId()).type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(init(inner.asyncId()).triggerAsyncId()).isEqualTo(server);
		assertThat(inner.store()).isEqualTo("r-proxy-inner");
		assertThat(init(proxy.asyncId()).triggerAsyncId()).isEqualTo(server);
		await().until(() -> this.recorder.kinds(response.asyncId()).contains("destroy"));
		List<String> kinds = this.recorder.kinds(response.asyncId());
		assertThat(kinds).startsWith("init", "before", "after").endsWith("after", "destroy");
		assertThat(kinds).filteredOn("destroy"::equals).hasSize(1);
		assertBalanced(kinds);
	}

	@Test
	void webClientExchangeThatFailsIsDestroyed() {
		List<Step> steps = Step.parseAll(get("/proxy-refused", "r-refused"));
		long exchange = this.recorder.inits(ResourceTypes.HTTPCLIENTREQUEST, steps.get(0).asyncId()).get(0).asyncId();
		assertThat(steps.get(1).name()).isEqualTo("refused");
		assertThat(steps.get(1).store()).isEqualTo("r-refused");
		await().until(() -> this.recorder.kinds(exchange).contains("destroy"));
		assertThat(this.recorder.kinds(exchange)).filteredOn("destroy"::equals).hasSize(1);
	}

	@Test
	void noResourceSurvivesItsRequest() throws Exception {
		int before = this.recorder.events().size();
		List<Mono<String>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(call("/hops", "r-mixed-hops-" + i));
			calls.add(call("/mono/" + i, "r-mixed-mono-" + i));
			calls.add(call("/fail", "r-mixed-fail-" + i));
			calls.add(call("/proxy/" + i, "r-mixed-proxy-" + i));
		}
		List<String> aborted = IntStream.range(0, 4).mapToObj((i) -> "r-mixed-abort-" + i).toList();
		List<CountDownLatch> latches = aborted.stream().map(this.handlers::slowSubscribed).toList();
		List<Disposable> aborts = aborted.stream().map((id) -> call("/slow", id).subscribe()).toList();
		Flux.merge(calls).collectList().block(Duration.ofSeconds(30));
		for (CountDownLatch latch : latches) {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		aborts.forEach(Disposable::dispose);
		List<Event> all = this.recorder.events();
		List<Event> events = all.subList(before, all.size());
		Set<Long> requests = events.stream()
			.filter((event) -> event.kind().equals("init") && ResourceTypes.HTTPINCOMINGMESSAGE.equals(event.type()))
			.map(Event::asyncId)
			.collect(Collectors.toSet());
		assertThat(requests).hasSize(8 * 5 + aborted.size());
		await().untilAsserted(() -> assertThat(liveResourcesReaching(requests)).isEmpty());
	}

	private Mono<String> call(String path, String id) {
		return this.client.get()
			.uri(path)
			.header("X-Request-Id", id)
			.retrieve()
			.bodyToMono(String.class)
			.onErrorResume(WebClientResponseException.class, (ex) -> Mono.just("error"));
	}

	private List<String> liveResourcesReaching(Set<Long> requests) {
		Map<Long, Event> inits = new HashMap<>();
		Set<Long> destroyed = ConcurrentHashMap.newKeySet();
		for (Event event : this.recorder.events()) {
			if (event.kind().equals("init")) {
				inits.put(event.asyncId(), event);
			}
			else if (event.kind().equals("destroy")) {
				destroyed.add(event.asyncId());
			}
		}
		List<String> live = new ArrayList<>();
		for (Event init : inits.values()) {
			if (destroyed.contains(init.asyncId())) {
				continue;
			}
			long id = init.asyncId();
			while (id > 1) {
				if (requests.contains(id)) {
					live.add(init.type() + "(" + init.asyncId() + ") " + init.resource());
					break;
				}
				Event parent = inits.get(id);
				id = (parent != null) ? parent.triggerAsyncId() : 0;
			}
		}
		return live;
	}

	private String get(String path, String id) {
		return this.client.get()
			.uri(path)
			.header("X-Request-Id", id)
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	private Event init(long asyncId) {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && event.asyncId() == asyncId)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no init of " + asyncId));
	}

	private List<Event> incomingDescribed(String description) {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && ResourceTypes.HTTPINCOMINGMESSAGE.equals(event.type())
					&& description.equals(String.valueOf(event.resource())))
			.toList();
	}

	private List<Long> triggerChain(long asyncId) {
		List<Long> chain = new ArrayList<>();
		long id = init(asyncId).triggerAsyncId();
		while (id > 1) {
			chain.add(id);
			Event init = init(id);
			id = init.triggerAsyncId();
		}
		return chain;
	}

	private static void assertBalanced(List<String> kinds) {
		int depth = 0;
		for (String kind : kinds) {
			if (kind.equals("before")) {
				depth++;
			}
			else if (kind.equals("after")) {
				depth--;
				assertThat(depth).isNotNegative();
			}
			else if (kind.equals("destroy")) {
				assertThat(depth).isZero();
			}
		}
		assertThat(depth).isZero();
	}

	record Step(String name, long asyncId, String store) {

		static Step now(String name) {
			return new Step(name, AsyncHooks.executionAsyncId(), requestId.getStore());
		}

		static Step parse(String text) {
			String[] parts = text.split("\\|");
			return new Step(parts[0], Long.parseLong(parts[1]), parts[2]);
		}

		static List<Step> parseAll(String text) {
			return List.of(text.split(";")).stream().map(Step::parse).toList();
		}

		static String format(List<Step> steps) {
			return steps.stream().map(Step::toText).collect(Collectors.joining(";"));
		}

		String toText() {
			return this.name + "|" + this.asyncId + "|" + this.store;
		}

	}

	@RestController
	static class Handlers {

		final Map<String, Long> failed = new ConcurrentHashMap<>();

		final Map<String, Long> slow = new ConcurrentHashMap<>();

		final Map<String, CountDownLatch> slowLatches = new ConcurrentHashMap<>();

		final Set<String> cancelled = ConcurrentHashMap.newKeySet();

		final Map<String, Long> ticks = new ConcurrentHashMap<>();

		private final WebClient webClient;

		Handlers(WebClient.Builder builder) {
			this.webClient = builder.build();
		}

		CountDownLatch slowSubscribed(String id) {
			return this.slowLatches.computeIfAbsent(id, (key) -> new CountDownLatch(1));
		}

		@GetMapping("/mono/{id}")
		Mono<String> mono(@PathVariable String id) {
			return Mono.fromSupplier(() -> Step.now("mono").toText());
		}

		@GetMapping("/flux")
		Flux<String> flux() {
			return Flux.range(0, 3).map((i) -> Step.now("flux" + i).toText() + ((i < 2) ? ";" : ""));
		}

		@PostMapping("/echo")
		Mono<String> echo(@RequestBody Mono<String> body) {
			return body.map((text) -> Step.now("echo:" + text).toText());
		}

		@GetMapping("/hops")
		Mono<String> hops() {
			List<Step> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
			steps.add(Step.now("handler"));
			// hide(): publishOn on a Callable source would subscribe on the scheduler
			return Mono.just(0)
				.hide()
				.publishOn(Schedulers.boundedElastic())
				.then(Mono.fromRunnable(() -> steps.add(Step.now("publishOn"))))
				.then(Mono.delay(Duration.ofMillis(1)))
				.doOnNext((tick) -> steps.add(Step.now("delay")))
				.publishOn(Schedulers.parallel())
				.doOnNext((tick) -> steps.add(Step.now("parallel")))
				.then(Mono.fromRunnable(() -> steps.add(Step.now("subscribeOn")))
					.subscribeOn(Schedulers.boundedElastic()))
				.thenMany(Flux.range(0, 4)
					.parallel(2)
					.runOn(Schedulers.parallel())
					.map((i) -> Step.now("rail"))
					.sequential())
				.collectList()
				.map((rails) -> {
					steps.addAll(rails);
					return Step.format(steps);
				});
		}

		@GetMapping(path = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<String> ticks(@RequestHeader("X-Request-Id") String id) {
			this.ticks.put(id, AsyncHooks.executionAsyncId());
			return Flux.interval(Duration.ofMillis(20)).onBackpressureDrop().map((tick) -> Step.now("tick").toText());
		}

		@GetMapping("/fail")
		Mono<String> fail(@RequestHeader("X-Request-Id") String id) {
			this.failed.put(id, AsyncHooks.executionAsyncId());
			return Mono.delay(Duration.ofMillis(1)).then(Mono.error(new IllegalStateException("failed on purpose")));
		}

		@GetMapping("/slow")
		Mono<String> slow(@RequestHeader("X-Request-Id") String id) {
			this.slow.put(id, AsyncHooks.executionAsyncId());
			return Mono.<String>never()
				.doOnSubscribe((subscription) -> slowSubscribed(id).countDown())
				.doOnCancel(() -> this.cancelled.add(id));
		}

		@GetMapping("/proxy/{id}")
		Mono<String> proxy(@PathVariable String id, @RequestHeader("X-Request-Id") String requestId,
				ServerWebExchange exchange) {
			Step proxy = Step.now("proxy");
			return this.webClient.get()
				.uri("http://localhost:" + exchange.getRequest().getLocalAddress().getPort() + "/mono/" + id)
				.header("X-Request-Id", requestId + "-inner")
				.retrieve()
				.bodyToMono(String.class)
				.map((inner) -> Step.format(List.of(proxy, Step.parse(inner), Step.now("response"))));
		}

		@GetMapping("/proxy-refused")
		Mono<String> proxyRefused() {
			Step proxy = Step.now("proxy");
			return this.webClient.get()
				.uri("http://localhost:1/refused")
				.retrieve()
				.bodyToMono(String.class)
				.onErrorResume((ex) -> Mono.fromSupplier(() -> Step.now("refused").toText()))
				.map((refused) -> Step.format(List.of(proxy, Step.parse(refused))));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Bean
		Handlers handlers(WebClient.Builder builder) {
			return new Handlers(builder);
		}

		@Bean
		@Order(0)
		WebFilter requestIdFilter() {
			return (exchange, chain) -> {
				String id = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
				requestId.enterWith(id);
				if (exchange.getRequest().getPath().value().startsWith("/blocked")) {
					exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
					return exchange.getResponse().setComplete();
				}
				return chain.filter(exchange);
			};
		}

	}

}
