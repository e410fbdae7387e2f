package dev.asynchooks.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo, an application that only adds the starter, starts without a warning: what the
 * starter registers is fully post-processed and needs no attention.
 *
 * @author async-hooks
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoStartupTests {

	@Test
	void startsWithoutWarnings(CapturedOutput output) {
		try (ConfigurableApplicationContext context = SpringApplication.run(DemoApplication.class, "--server.port=0")) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output.getAll()).contains("Tomcat started on port").doesNotContain("WARN").doesNotContain("ERROR");
	}

}
