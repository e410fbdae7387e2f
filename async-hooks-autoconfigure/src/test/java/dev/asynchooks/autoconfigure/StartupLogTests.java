package dev.asynchooks.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter logs no {@code WARN} while an application starts, on platform and on
 * virtual threads: a Spring MVC application on Tomcat with {@code @Async},
 * {@code @Scheduled} and the actuator, started with its output captured.
 *
 * @author async-hooks
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTests {

	@Test
	void noWarningOnPlatformThreads(CapturedOutput output) {
		assertNoWarningAtStartup(output, false, ThreadPoolTaskScheduler.class);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	@Tag("virtual-threads")
	void noWarningOnVirtualThreads(CapturedOutput output) {
		assertNoWarningAtStartup(output, true, SimpleAsyncTaskScheduler.class);
	}

	private void assertNoWarningAtStartup(CapturedOutput output, boolean virtual, Class<?> schedulerType) {
		// CGLIB checks each proxied class for final methods once per JVM: forget what
		// earlier tests proxied, so that this startup is checked like a first one
		((Map<?, ?>) ReflectionTestUtils.getField(
				ClassUtils.resolveClassName("org.springframework.aop.framework.CglibAopProxy", null),
				"validatedClasses"))
			.clear();
		int from = output.length();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupApplication.class)
			.properties("server.port=0", "spring.threads.virtual.enabled=" + virtual,
					"management.endpoints.web.exposure.include=*")
			// the startup log as an application shows it: the test applications log WARN
			// and above (application.properties), an argument wins over that
			.run("--logging.level.root=info")) {
			// the scheduler is proxied by the starter (what made CGLIB warn)
			TaskScheduler scheduler = context.getBean("taskScheduler", TaskScheduler.class);
			assertThat(AopProxyUtils.ultimateTargetClass(scheduler)).isEqualTo(schedulerType);
			assertThat(scheduler.getClass()).isNotEqualTo(schedulerType);
			String startup = output.toString().substring(from);
			assertThat(startup).contains("Started");
			List<String> warnings = startup.lines().filter((line) -> line.contains(" WARN ")).toList();
			assertThat(warnings).isEmpty();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class StartupApplication {

		@Scheduled(fixedDelay = 60_000)
		void tick() {
		}

	}

}
