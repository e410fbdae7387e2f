package dev.asynchooks.autoconfigure.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.test.context.TestPropertySource;

/**
 * The WebFlux chaos run with {@code spring.threads.virtual.enabled=true}:
 * {@code applicationTaskExecutor} and the scheduler run on virtual threads (a thread per
 * task, nothing pooled to probe); Netty's event loops, Reactor's parallel scheduler and
 * the application's own bounded executors stay pools and are probed.
 *
 * @author async-hooks
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@Tag("virtual-threads")
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
class WebFluxChaosVirtualThreadsTests extends WebFluxChaosTests {

	@Override
	String name() {
		return "webflux, virtual threads";
	}

}
