package dev.asynchooks.autoconfigure.errors;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test support: the servlet application that {@code LoggingHookErrorReporterTests} runs
 * in a child JVM. Its hook throws in the {@code init} of a {@code FAIL} resource, which
 * {@code GET /fail} creates on the request thread. It prints {@code port=<port>} when
 * Tomcat listens.
 *
 * @author async-hooks
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class HookFailureApplication {

	public static final String FAILURE_MESSAGE = "test_failure_in_init";

	public static void main(String[] args) {
		SpringApplication.run(HookFailureApplication.class, args);
	}

	@Bean
	FailingCallbacks failingCallbacks() {
		return new FailingCallbacks();
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> portPrinter() {
		return (event) -> System.out.println("port=" + event.getWebServer().getPort());
	}

	/** Throws in the init of a FAIL resource. */
	public static class FailingCallbacks implements HookCallbacks {

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			if (type.equals("FAIL")) {
				throw new IllegalStateException(FAILURE_MESSAGE);
			}
		}

	}

	// registered as a member class of this configuration
	@RestController
	static class FailController {

		@GetMapping("/fail")
		String fail() {
			new AsyncResource("FAIL").emitDestroy();
			return "handled";
		}

	}

}
