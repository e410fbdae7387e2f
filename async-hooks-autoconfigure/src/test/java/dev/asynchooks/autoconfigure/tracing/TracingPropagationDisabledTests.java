package dev.asynchooks.autoconfigure.tracing;

import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.tracing.TracingTestApplication.AsyncWork;
import dev.asynchooks.autoconfigure.tracing.TracingTestApplication.Seen;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code async-hooks.propagation.thread-local-accessors=false} (and Boot's own
 * propagation off), resources carry no thread-local accessor: an {@code @Async} method
 * runs outside the caller's span, without its MDC.
 */
// closed after the class: the switch is global while its context runs
@DirtiesContext
@SpringBootTest(classes = TracingTestApplication.class, properties = { "management.tracing.sampling.probability=1.0",
		"async-hooks.propagation.thread-local-accessors=false", "spring.task.execution.propagate-context=false" })
class TracingPropagationDisabledTests {

	@Autowired
	Tracer tracer;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	AsyncWork asyncWork;

	@Test
	void asyncMethodDoesNotRunInTheCallersSpan() throws Exception {
		assertThat(AsyncHooks.isPropagatingThreadLocalAccessors()).isFalse();
		MDC.put("tenant", "acme");
		try {
			Seen seen = Observation.createNotStarted("request", this.observations).observe(() -> {
				assertThat(this.tracer.currentSpan()).isNotNull();
				return this.asyncWork.run();
			}).get(10, TimeUnit.SECONDS);
			assertThat(seen.traceId()).isNull();
			assertThat(seen.mdc()).isNull();
		}
		finally {
			MDC.remove("tenant");
		}
	}

}
