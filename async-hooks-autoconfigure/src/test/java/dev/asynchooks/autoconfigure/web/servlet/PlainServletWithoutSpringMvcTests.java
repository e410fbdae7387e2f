package dev.asynchooks.autoconfigure.web.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain {@code Servlet} application on a real Tomcat, run with Spring MVC off the
 * classpath (the {@code without-spring-mvc} run of the build): every response comes back
 * as the servlet wrote it, and each request is one {@code HTTPINCOMINGMESSAGE} destroyed
 * once.
 *
 * @author async-hooks
 */
@Tag("without-spring-mvc")
@SpringBootTest(classes = PlainServletWithoutSpringMvcTests.PlainServletApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=servlet")
class PlainServletWithoutSpringMvcTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private WebServerResources servers;

	@Test
	void isAServletApplicationOnTomcatWithoutSpringMvc(@Autowired ApplicationContext context) {
		assertThat(context).isInstanceOf(ServletWebServerApplicationContext.class);
		assertThat(((ServletWebServerApplicationContext) context).getWebServer()).isInstanceOf(TomcatWebServer.class);
		assertThat(ClassUtils.isPresent("org.springframework.web.servlet.HandlerMapping", null)).isFalse();
	}

	// ok: written and flushed by the container after the servlet; bad: sendError;
	// denied: a status and a body not yet flushed when the filter's dispatch ends
	@ParameterizedTest
	@CsvSource({ "ok, 200", "bad, 400", "denied, 401", "async, 200" })
	void responseIsTheServletsAndTheRequestIsOneResourceRunInItsScope(String path, int status) throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get("/plain/" + path);
		assertThat(response.statusCode()).isEqualTo(status);
		Event request = onlyRequestSince(before);
		if (status != 400) {
			assertThat(response.body()).isEqualTo(path + " " + request.asyncId());
		}
		assertThat(((IncomingRequest) request.resource()).description()).isEqualTo("GET");
		awaitOneDispatch(request.asyncId());
	}

	@Test
	void unmappedPathIsTheContainersNotFoundAndOneResource() throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get("/no/such/path");
		assertThat(response.statusCode()).isEqualTo(404);
		awaitOneDispatch(onlyRequestSince(before).asyncId());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Event onlyRequestSince(int index) {
		List<Event> events = this.recorder.events();
		List<Event> inits = events.subList(index, events.size())
			.stream()
			.filter((event) -> event.kind().equals("init") && ResourceTypes.HTTPINCOMINGMESSAGE.equals(event.type()))
			.toList();
		assertThat(inits).hasSize(1);
		assertThat(inits.get(0).triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port)).isGreaterThan(1);
		return inits.get(0);
	}

	private void awaitOneDispatch(long asyncId) {
		await().untilAsserted(
				() -> assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after", "destroy"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PlainServletApplication {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Bean
		ServletRegistrationBean<HttpServlet> plainServlet() {
			ExecutorService completer = Executors.newSingleThreadExecutor();
			HttpServlet servlet = new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					String path = request.getPathInfo().substring(1);
					String body = path + " " + AsyncHooks.executionAsyncId();
					switch (path) {
						case "bad" -> response.sendError(400, "bad");
						case "denied" -> {
							response.setStatus(401);
							response.getWriter().write(body);
						}
						case "async" -> {
							AsyncContext async = request.startAsync();
							completer.execute(() -> {
								try {
									async.getResponse().getWriter().write(body);
								}
								catch (IOException ex) {
									throw new UncheckedIOException(ex);
								}
								async.complete();
							});
						}
						default -> response.getWriter().write(body);
					}
				}

			};
			ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(servlet, "/plain/*");
			registration.setAsyncSupported(true);
			return registration;
		}

	}

}
