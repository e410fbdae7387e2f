package dev.asynchooks.autoconfigure.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import dev.asynchooks.autoconfigure.web.servlet.ServletTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code HTTPCLIENTREQUEST} resources of {@code RestClient} and
 * {@code RestTemplate} exchanges, against the application's own Tomcat.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RestClientIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private WebServerResources servers;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Test
	void restClientExchangeIsOneResourceTriggeredByTheCallerAndDestroyedBeforeTheCallReturns() {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		AsyncResource caller = new AsyncResource("CALLER");
		AtomicReference<String> exchangeContext = new AtomicReference<>();
		String body = caller.runInAsyncScope(() -> client.get()
			.uri("/sync/7?token=secret")
			.header("X-Id", "client-1")
			.exchange((request, response) -> {
				exchangeContext.set(AsyncHooks.executionAsyncId() + "");
				return new String(response.getBody().readAllBytes());
			}));
		caller.emitDestroy();
		Event exchange = onlyExchange(caller.asyncId());
		// destroyed before the call returned
		assertThat(this.recorder.kinds(exchange.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(exchange.resource()).isEqualTo(new RestExchange("GET", "http://localhost:" + this.port + "/sync/7"));
		assertThat(exchange.resource()).hasToString("GET http://localhost:" + this.port + "/sync/7");
		// the server's request is triggered by the server, not by the client exchange
		long serverRequest = Long.parseLong(body.split(" ")[0]);
		Event request = init(serverRequest);
		assertThat(request.type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(request.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port));
		assertThat(exchangeContext.get()).isEqualTo(String.valueOf(caller.asyncId()));
	}

	@Test
	void restTemplateExchangeIsOneResourceTriggeredByTheCaller() {
		RestTemplate restTemplate = this.restTemplateBuilder.rootUri("http://localhost:" + this.port).build();
		AsyncResource caller = new AsyncResource("CALLER");
		String body = caller.runInAsyncScope(() -> restTemplate.getForObject("/sync/8", String.class));
		caller.emitDestroy();
		Event exchange = onlyExchange(caller.asyncId());
		assertThat(this.recorder.kinds(exchange.asyncId())).containsExactly("init", "before", "after", "destroy");
		assertThat(exchange.resource()).hasToString("GET http://localhost:" + this.port + "/sync/8");
		assertThat(init(Long.parseLong(body.split(" ")[0])).triggerAsyncId())
			.isEqualTo(this.servers.triggerAsyncId(this.port));
	}

	@Test
	void clientErrorResponseEndsTheExchangeBeforeTheExceptionReachesTheCaller() {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		AsyncResource caller = new AsyncResource("CALLER");
		assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
			.isThrownBy(() -> caller.runInAsyncScope(() -> client.get().uri("/bad").retrieve().body(String.class)));
		caller.emitDestroy();
		Event exchange = onlyExchange(caller.asyncId());
		assertThat(this.recorder.kinds(exchange.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void failedConnectionEndsTheExchange() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + closedPort).build();
		AsyncResource caller = new AsyncResource("CALLER");
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> caller.runInAsyncScope(() -> client.get().uri("/nothing").retrieve().body(String.class)));
		caller.emitDestroy();
		Event exchange = onlyExchange(caller.asyncId());
		assertThat(this.recorder.kinds(exchange.asyncId())).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void exchangeMadeByAHandlerIsTriggeredByItsRequestAndTheRequestItSendsByTheServer() throws Exception {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		String body = client.get().uri("/proxy").header("X-Id", "proxy-1").retrieve().body(String.class);
		String[] parts = body.split("\\|");
		long outer = Long.parseLong(parts[0].split(" ")[0]);
		String[] inner = parts[1].split(" ");
		Event exchange = onlyExchange(outer);
		Event innerRequest = init(Long.parseLong(inner[0]));
		assertThat(innerRequest.type()).isEqualTo(ResourceTypes.HTTPINCOMINGMESSAGE);
		assertThat(innerRequest.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port));
		assertThat(inner[2]).isEqualTo("proxy-1");
		// the exchange runs and ends inside the handler's dispatch; the client may read
		// the response before the server thread has left that dispatch
		await().until(() -> this.recorder.kinds(outer).contains("after"));
		List<String> sequence = this.recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == outer || event.asyncId() == exchange.asyncId())
			.map((event) -> event.kind() + ((event.asyncId() == outer) ? ":request" : ":exchange"))
			.toList();
		assertThat(sequence).startsWith("init:request", "before:request", "init:exchange", "before:exchange",
				"after:exchange", "destroy:exchange", "after:request");
	}

	private Event onlyExchange(long caller) {
		List<Event> exchanges = this.recorder.inits(ResourceTypes.HTTPCLIENTREQUEST, caller);
		assertThat(exchanges).hasSize(1);
		return exchanges.get(0);
	}

	private Event init(long asyncId) {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && event.asyncId() == asyncId)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no init for " + asyncId));
	}

}
