package dev.asynchooks.autoconfigure.tracing;

import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.LiveResources;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that links the live resources to Micrometer Tracing: each resource
 * created while a span is current carries its trace and span ids, and an incoming request
 * carries its server span's, so that {@code GET /actuator/asynchooks?traceId=} shows what
 * of a trace is still live.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksLiveResourcesAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ LiveResources.class, Tracer.class, ObservationHandler.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBean({ LiveResources.class, Tracer.class })
public final class AsyncHooksTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerTraceContextReader asyncHooksTraceContextReader(Tracer tracer) {
		return new MicrometerTraceContextReader(tracer);
	}

	@Bean
	InitializingBean asyncHooksLiveResourcesTraceContexts(LiveResources liveResources,
			MicrometerTraceContextReader reader) {
		return () -> liveResources.traceContexts(reader);
	}

	@Bean
	@ConditionalOnMissingBean
	ServerSpanObservationHandler asyncHooksServerSpanObservationHandler(LiveResources liveResources) {
		return new ServerSpanObservationHandler(liveResources);
	}

}
