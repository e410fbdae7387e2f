package dev.asynchooks.autoconfigure.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.web.server.ListeningWebServer;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests to the actuator's own server ({@code management.server.port} set, a second
 * embedded Tomcat in a child context) are {@code HTTPINCOMINGMESSAGE} resources triggered
 * by that server's {@code TCPSERVERWRAP}, like the application's requests are by the
 * application server's.
 *
 * @author async-hooks
 */
@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=health,info" })
class ManagementPortIntegrationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private RecordingCallbacks recorder;

	@Autowired
	private WebServerResources servers;

	@Test
	void bothServersAreListeningServerResources() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(this.servers.servers()).extracting(ListeningWebServer::port)
			.containsExactlyInAnyOrder(this.port, this.managementPort);
		assertThat(this.servers.servers()).filteredOn((server) -> server.port() == this.managementPort)
			.singleElement()
			.extracting(ListeningWebServer::namespace)
			.isEqualTo("management");
		assertThat(this.servers.triggerAsyncId(this.managementPort))
			.isNotEqualTo(this.servers.triggerAsyncId(this.port));
	}

	@Test
	void requestToTheManagementPortIsOneResourceTriggeredByTheManagementServer() throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get(this.managementPort, "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		Event request = onlyRequestSince(before);
		assertThat(request.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.managementPort));
		awaitOneDispatch(request.asyncId());
		assertThat(((IncomingRequest) request.resource()).description()).isEqualTo("GET /actuator/health");
	}

	@Test
	void unknownPathOnTheManagementPortIsOneResourceAndANotFound() throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get(this.managementPort, "/actuator/nothing");
		assertThat(response.statusCode()).isEqualTo(404);
		Event request = onlyRequestSince(before);
		assertThat(request.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.managementPort));
		await().untilAsserted(() -> assertThat(this.recorder.kinds(request.asyncId())).endsWith("destroy"));
		assertThat(this.recorder.kinds(request.asyncId())).filteredOn("destroy"::equals).hasSize(1);
	}

	@Test
	void requestToTheApplicationPortIsStillTriggeredByTheApplicationServer() throws Exception {
		int before = this.recorder.events().size();
		HttpResponse<String> response = get(this.port, "/sync/1");
		assertThat(response.statusCode()).isEqualTo(200);
		Event request = onlyRequestSince(before);
		assertThat(request.triggerAsyncId()).isEqualTo(this.servers.triggerAsyncId(this.port));
		awaitOneDispatch(request.asyncId());
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("X-Id", "management")
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
		return inits.get(0);
	}

	private void awaitOneDispatch(long asyncId) {
		await().untilAsserted(
				() -> assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after", "destroy"));
	}

}
