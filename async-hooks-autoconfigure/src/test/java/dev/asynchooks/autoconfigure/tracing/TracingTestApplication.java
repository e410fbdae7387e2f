package dev.asynchooks.autoconfigure.tracing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.live.LiveResources;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with Micrometer Tracing over OpenTelemetry whose spans are kept in
 * memory, for the propagation tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@EnableScheduling
public class TracingTestApplication {

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	// exported as each span ends, not in batches
	@Bean
	SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
		return SimpleSpanProcessor.create(exporter);
	}

	/**
	 * What a run saw: the span current when it began, the span it started itself, and the
	 * values of the other carried thread locals.
	 */
	public record Seen(@Nullable String traceId, @Nullable String spanId, @Nullable String childSpanId,
			@Nullable String mdc, @Nullable String user, String thread) {

		static Seen now(Tracer tracer, ObservationRegistry observations) {
			Span current = tracer.currentSpan();
			String[] child = new String[1];
			Observation.createNotStarted("child-work", observations)
				.observe(() -> child[0] = tracer.currentSpan().context().spanId());
			var authentication = SecurityContextHolder.getContext().getAuthentication();
			return new Seen((current != null) ? current.context().traceId() : null,
					(current != null) ? current.context().spanId() : null, child[0], MDC.get("tenant"),
					(authentication != null) ? authentication.getName() : null, Thread.currentThread().getName());
		}

	}

	@Service
	public static class AsyncWork {

		private final Tracer tracer;

		private final ObservationRegistry observations;

		AsyncWork(Tracer tracer, ObservationRegistry observations) {
			this.tracer = tracer;
			this.observations = observations;
		}

		@Async
		public CompletableFuture<Seen> run() {
			return CompletableFuture.completedFuture(Seen.now(this.tracer, this.observations));
		}

		@Async
		public CompletableFuture<@Nullable Void> await(CountDownLatch started, CountDownLatch release)
				throws InterruptedException {
			started.countDown();
			release.await(30, TimeUnit.SECONDS);
			return CompletableFuture.completedFuture(null);
		}

	}

	@RestController
	public static class TracedController {

		private final Tracer tracer;

		private final LiveResources liveResources;

		TracedController(Tracer tracer, LiveResources liveResources) {
			this.tracer = tracer;
			this.liveResources = liveResources;
		}

		// the server span's trace, and that of the request's own node
		@GetMapping("/traced")
		String traced() {
			Span span = this.tracer.currentSpan();
			String traceId = (span != null) ? span.context().traceId() : "none";
			String nodeTraceId = this.liveResources.ancestors(AsyncHooks.executionAsyncId())
				.stream()
				.filter((resource) -> "HTTPINCOMINGMESSAGE".equals(resource.type()))
				.map((resource) -> String.valueOf(resource.traceId()))
				.findFirst()
				.orElseGet(() -> this.liveResources.resource(AsyncHooks.executionAsyncId())
					.filter((resource) -> "HTTPINCOMINGMESSAGE".equals(resource.type()))
					.map((resource) -> String.valueOf(resource.traceId()))
					.orElse("no request node"));
			return traceId + " " + ((span != null) ? span.context().parentId() : "none") + " " + nodeTraceId;
		}

	}

}
