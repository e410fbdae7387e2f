package dev.asynchooks.autoconfigure.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.asynchooks.autoconfigure.tracing.TracingTestApplication.AsyncWork;
import dev.asynchooks.autoconfigure.tracing.TracingTestApplication.Seen;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing (OpenTelemetry bridge, spans kept in memory), each kind of
 * resource runs in the span current where it was created: a span started inside is its
 * child, the pool thread gets nothing left behind, the security context and the MDC ride
 * along, and the live nodes carry the trace. Run with Boot's own
 * {@code spring.task.execution.propagate-context} off here, and on in
 * {@link WithBootPropagation}: the parentage is the same, nothing is propagated twice.
 */
// closed after the class: its WebClient's event loops are named as WebFlux servers' are
@DirtiesContext
@SpringBootTest(classes = TracingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=asynchooks", "spring.task.execution.pool.core-size=1",
				"spring.task.execution.pool.max-size=1", "spring.task.execution.propagate-context=false" })
class TracingPropagationTests {

	@LocalServerPort
	int port;

	@Autowired
	Tracer tracer;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	InMemorySpanExporter spans;

	@Autowired
	AsyncWork asyncWork;

	@Autowired
	ThreadPoolTaskExecutor applicationTaskExecutor;

	@Autowired
	TaskScheduler taskScheduler;

	@Autowired
	RestClient.Builder restClientBuilder;

	@Autowired
	WebClient.Builder webClientBuilder;

	@BeforeEach
	void noSpanOnTheTestThread() {
		assertThat(this.tracer.currentSpan()).isNull();
		this.spans.reset();
	}

	@AfterEach
	void nothingIsLeftOnThePoolThread() throws Exception {
		// straight to the pool under the executor: no task of ours restores anything
		// there
		Future seen = new Future(() -> this.tracer.currentSpan() == null && MDC.get("tenant") == null
				&& SecurityContextHolder.getContext().getAuthentication() == null);
		this.applicationTaskExecutor.getThreadPoolExecutor().execute(seen);
		assertThat(seen.get()).as("nothing left on the pool thread").isTrue();
		assertThat(this.tracer.currentSpan()).isNull();
		MDC.clear();
		SecurityContextHolder.clearContext();
	}

	@Test
	void asyncMethodRunsInTheCallersSpanAndItsSpansAreChildrenOfIt() throws Exception {
		String[] outer = new String[2];
		Seen seen = inSpan("request", (span) -> {
			outer[0] = span.traceId();
			outer[1] = span.spanId();
			return this.asyncWork.run();
		}).get(10, TimeUnit.SECONDS);
		assertThat(seen.traceId()).isEqualTo(outer[0]);
		assertThat(seen.spanId()).isEqualTo(outer[1]);
		assertChildOf(seen.childSpanId(), outer[0], outer[1]);
	}

	@Test
	void executorBeanTaskRunsInTheSubmittersSpan() throws Exception {
		AsyncTaskExecutor executor = this.applicationTaskExecutor;
		String[] outer = new String[2];
		Seen seen = inSpan("request", (span) -> {
			outer[0] = span.traceId();
			outer[1] = span.spanId();
			return executor.submitCompletable(() -> Seen.now(this.tracer, this.observations));
		}).get(10, TimeUnit.SECONDS);
		assertThat(seen.spanId()).isEqualTo(outer[1]);
		assertChildOf(seen.childSpanId(), outer[0], outer[1]);
	}

	@Test
	void schedulerTaskRunsInTheSpanWhereItWasScheduled() throws Exception {
		String[] outer = new String[2];
		CompletableFuture<Seen> seen = inSpan("request", (span) -> {
			outer[0] = span.traceId();
			outer[1] = span.spanId();
			CompletableFuture<Seen> result = new CompletableFuture<>();
			this.taskScheduler.schedule(() -> result.complete(Seen.now(this.tracer, this.observations)),
					Instant.now().plusMillis(10));
			return result;
		});
		Seen run = seen.get(10, TimeUnit.SECONDS);
		assertThat(run.spanId()).isEqualTo(outer[1]);
		assertChildOf(run.childSpanId(), outer[0], outer[1]);
	}

	@Test
	void promiseDependentRunsInTheRegisteringCodesSpanNotTheCompletingThreads() throws Exception {
		TrackedCompletableFuture<String> source = new TrackedCompletableFuture<>();
		String[] outer = new String[2];
		TrackedCompletableFuture<Seen> dependent = inSpan("registering", (span) -> {
			outer[0] = span.traceId();
			outer[1] = span.spanId();
			return source.thenApply((value) -> Seen.now(this.tracer, this.observations));
		});
		ExecutorService foreign = Executors.newSingleThreadExecutor();
		try {
			String completer = foreign.submit(() -> inSpan("completing", (span) -> {
				source.complete("done");
				return span.spanId();
			})).get(10, TimeUnit.SECONDS);
			Seen seen = dependent.get(10, TimeUnit.SECONDS);
			assertThat(seen.spanId()).isEqualTo(outer[1]).isNotEqualTo(completer);
			assertChildOf(seen.childSpanId(), outer[0], outer[1]);
			// the completing thread got its own span back
			assertThat(foreign.submit(() -> this.tracer.currentSpan() == null).get()).isTrue();
		}
		finally {
			foreign.shutdownNow();
		}
	}

	@Test
	void restClientCallContinuesTheTraceInTheReceivingRequestAndItsNodeCarriesIt() {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		String[] outer = new String[1];
		String body = inSpan("caller", (span) -> {
			outer[0] = span.traceId();
			return client.get().uri("/traced").retrieve().body(String.class);
		});
		String[] parts = body.split(" ");
		assertThat(parts[0]).as("server span's trace").isEqualTo(outer[0]);
		SpanData clientSpan = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT)
				.findFirst(), java.util.Optional::isPresent)
			.get();
		assertThat(parts[1]).as("server span's parent is the client span").isEqualTo(clientSpan.getSpanId());
		assertThat(parts[2]).as("the request's own node").isEqualTo(outer[0]);
	}

	@Test
	void reactorHopRunsInTheSpanWhereItWasScheduled() throws Exception {
		String[] outer = new String[2];
		CompletableFuture<Seen> seen = inSpan("request", (span) -> {
			outer[0] = span.traceId();
			outer[1] = span.spanId();
			return Mono.fromCallable(() -> Seen.now(this.tracer, this.observations))
				.subscribeOn(Schedulers.boundedElastic())
				.toFuture();
		});
		Seen run = seen.get(10, TimeUnit.SECONDS);
		assertThat(run.thread()).startsWith("boundedElastic");
		assertThat(run.spanId()).isEqualTo(outer[1]);
		assertChildOf(run.childSpanId(), outer[0], outer[1]);
	}

	@Test
	void webClientCallContinuesTheTraceInTheReceivingRequest() {
		WebClient client = this.webClientBuilder.baseUrl("http://localhost:" + this.port).build();
		String[] outer = new String[1];
		String body = inSpan("caller", (span) -> {
			outer[0] = span.traceId();
			return client.get().uri("/traced").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
		});
		String[] parts = body.split(" ");
		assertThat(parts[0]).as("server span's trace").isEqualTo(outer[0]);
		assertThat(parts[2]).as("the request's own node").isEqualTo(outer[0]);
	}

	@Test
	void securityContextAndMdcRideAlongIntoAsync() throws Exception {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "secret"));
		MDC.put("tenant", "acme");
		Seen seen = this.asyncWork.run().get(10, TimeUnit.SECONDS);
		SecurityContextHolder.clearContext();
		MDC.remove("tenant");
		assertThat(seen.user()).isEqualTo("alice");
		assertThat(seen.mdc()).isEqualTo("acme");
	}

	@Test
	void liveNodesCarryTheTraceAndTheEndpointFiltersOnIt() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		String[] outer = new String[2];
		CompletableFuture<?> running = inSpan("request", (span) -> {
			outer[0] = span.traceId();
			outer[1] = span.spanId();
			try {
				return this.asyncWork.await(started, release);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
			@SuppressWarnings("unchecked")
			Map<String, Object> filtered = client.get()
				.uri("/actuator/asynchooks?traceId={id}", outer[0])
				.retrieve()
				.body(Map.class);
			assertThat(filtered).containsEntry("traceId", outer[0]);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> nodes = (List<Map<String, Object>>) filtered.get("resources");
			assertThat(nodes).isNotEmpty()
				.allSatisfy((node) -> assertThat(node).containsEntry("traceId", outer[0]).containsKey("spanId"))
				.anySatisfy((node) -> assertThat(node).containsEntry("spanId", outer[1]))
				.allSatisfy((node) -> assertThat(node.get("children")).asList().isEmpty());
			String text = client.get()
				.uri("/actuator/asynchooks?traceId={id}", outer[0])
				.header("Accept", "text/plain")
				.retrieve()
				.body(String.class);
			assertThat(text).contains("trace: " + outer[0] + "/" + outer[1]);
			for (String malformed : List.of("xyz", "4bf92f3577b34da6a3ce929d0e0e473",
					"zzf92f3577b34da6a3ce929d0e0e4736")) {
				AtomicReference<Integer> status = new AtomicReference<>();
				client.get().uri("/actuator/asynchooks?traceId={id}", malformed).exchange((request, response) -> {
					status.set(response.getStatusCode().value());
					return null;
				});
				assertThat(status.get()).as(malformed).isEqualTo(400);
			}
		}
		finally {
			release.countDown();
			running.get(10, TimeUnit.SECONDS);
		}
	}

	private void assertChildOf(String childSpanId, String traceId, String parentSpanId) {
		SpanData child = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getSpanId().equals(childSpanId))
				.findFirst(), java.util.Optional::isPresent)
			.get();
		assertThat(child.getTraceId()).isEqualTo(traceId);
		assertThat(child.getParentSpanId()).isEqualTo(parentSpanId);
	}

	private <T> T inSpan(String name, java.util.function.Function<io.micrometer.tracing.TraceContext, T> action) {
		return Observation.createNotStarted(name, this.observations).observe(() -> {
			Span span = this.tracer.currentSpan();
			assertThat(span).isNotNull();
			return action.apply(span.context());
		});
	}

	static final class Future extends java.util.concurrent.FutureTask<Boolean> {

		Future(Supplier<Boolean> check) {
			super(check::get);
		}

	}

	/**
	 * The same tests with Boot's own {@code ContextPropagatingTaskDecorator} on the
	 * executors as well.
	 */
	@SpringBootTest(classes = TracingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.tracing.sampling.probability=1.0",
					"management.endpoints.web.exposure.include=asynchooks", "spring.task.execution.pool.core-size=1",
					"spring.task.execution.pool.max-size=1", "spring.task.execution.propagate-context=true" })
	static class WithBootPropagation extends TracingPropagationTests {

	}

}
