package dev.asynchooks.autoconfigure.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.test.context.TestPropertySource;

/**
 * The Spring MVC chaos run with {@code spring.threads.virtual.enabled=true}: Tomcat's
 * requests, {@code applicationTaskExecutor} and the scheduler run on virtual threads (a
 * thread per task, nothing pooled to probe); the application's own bounded executors stay
 * pools and are probed.
 *
 * @author async-hooks
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@Tag("virtual-threads")
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
class MvcChaosVirtualThreadsTests extends MvcChaosTests {

	@Override
	String name() {
		return "mvc, virtual threads";
	}

}
