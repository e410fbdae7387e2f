package dev.asynchooks.autoconfigure.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executor;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for a {@code Callable} handler in an application with an {@code Executor} bean of
 * its own, so that Spring Boot's {@code applicationTaskExecutor} backs off and Spring MVC
 * runs the {@code Callable} on its own fallback executor.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = { ServletTestApplication.class, OwnExecutorIntegrationTests.OwnExecutor.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class OwnExecutorIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private ApplicationContext context;

	@Test
	void callableOnMvcsFallbackExecutorRunsInAnExecutorTaskTriggeredByTheRequest() throws Exception {
		assertThat(this.context.containsBean("applicationTaskExecutor")).isFalse();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/callable"))
				.header("X-Id", "own-1")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		String[] handler = response.body().split("\\|")[0].split(" ");
		String[] task = response.body().split("\\|")[1].split(" ");
		long request = Long.parseLong(handler[0]);
		Event taskInit = this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && event.asyncId() == Long.parseLong(task[0]))
			.findFirst()
			.orElseThrow();
		assertThat(taskInit.type()).isEqualTo(ResourceTypes.EXECUTOR_TASK);
		assertThat(taskInit.triggerAsyncId()).isEqualTo(request);
		assertThat(task[2]).isEqualTo("own-1");
		await().untilAsserted(() -> assertThat(this.recorder.kinds(taskInit.asyncId())).containsExactly("init",
				"before", "after", "destroy"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExecutor {

		@Bean
		Executor taskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("own-");
			return executor;
		}

	}

}
