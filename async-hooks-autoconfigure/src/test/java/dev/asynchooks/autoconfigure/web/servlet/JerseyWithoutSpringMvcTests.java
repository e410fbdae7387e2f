package dev.asynchooks.autoconfigure.web.servlet;

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
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
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
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Jersey application on a real Tomcat, run with Spring MVC off the classpath (the
 * {@code without-spring-mvc} run of the build): Jersey's answers, its 400, 401 and 404
 * included, come back unchanged, and each request is one {@code HTTPINCOMINGMESSAGE}
 * destroyed once, the resource methods running in its scope.
 *
 * @author async-hooks
 */
@Tag("without-spring-mvc")
@SpringBootTest(classes = JerseyWithoutSpringMvcTests.JerseyApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=servlet")
class JerseyWithoutSpringMvcTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private WebServerResources servers;

	@Test
	void isAJerseyApplicationOnTomcatWithoutSpringMvc(@Autowired ApplicationContext context) {
		assertThat(context).isInstanceOf(ServletWebServerApplicationContext.class);
		assertThat(((ServletWebServerApplicationContext) context).getWebServer()).isInstanceOf(TomcatWebServer.class);
		assertThat(context.getBeansOfType(ResourceConfig.class)).hasSize(1);
		assertThat(ClassUtils.isPresent("org.springframework.web.servlet.HandlerMapping", null)).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "/hello/world, 200, hello world", "/suspended, 200, suspended" })
	void resourceMethodRunsInTheRequestsResource(String path, int status, String text) throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).isEqualTo(status);
		Event request = onlyRequestSince(before);
		assertThat(response.body()).isEqualTo(text + " " + request.asyncId());
		awaitOneDispatch(request.asyncId());
	}

	// Jersey's own answers: a parameter it cannot convert, an exception mapped to a
	// status, no resource for the path
	@ParameterizedTest
	@CsvSource({ "/number?n=x, 404", "/number?n=-1, 400", "/secret, 401", "/no/such/path, 404" })
	void errorResponsesComeBackUnchanged(String path, int status) throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).isEqualTo(status);
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
	static class JerseyApplication {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Bean
		ResourceConfig resourceConfig() {
			return new ResourceConfig(Endpoints.class).property(ServerProperties.WADL_FEATURE_DISABLE, true);
		}

	}

	@Path("/")
	public static class Endpoints {

		private static final ExecutorService completer = Executors.newSingleThreadExecutor();

		@GET
		@Path("hello/{name}")
		public String hello(@PathParam("name") String name) {
			return "hello " + name + " " + AsyncHooks.executionAsyncId();
		}

		@GET
		@Path("number")
		public String number(@QueryParam("n") int n) {
			if (n < 0) {
				throw new BadRequestException();
			}
			return Integer.toString(n);
		}

		@GET
		@Path("secret")
		public String secret() {
			throw new NotAuthorizedException("Basic");
		}

		@GET
		@Path("suspended")
		public void suspended(@Suspended AsyncResponse response) {
			String text = "suspended " + AsyncHooks.executionAsyncId();
			completer.execute(() -> response.resume(text));
		}

	}

}
