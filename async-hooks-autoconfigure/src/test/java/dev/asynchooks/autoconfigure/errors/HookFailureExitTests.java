package dev.asynchooks.autoconfigure.errors;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §9 under {@code async-hooks.error-policy=exit}, in a child JVM running
 * {@link HookFailureApplication} on Tomcat with Boot's default graceful shutdown: a hook
 * that throws on a request thread ends the process (status 1) within seconds, not after
 * the 30 s graceful-shutdown timeout; the client gets its response or a closed
 * connection; the failure is logged once, with its stack trace, and nothing is written to
 * stderr.
 *
 * @author async-hooks
 */
class HookFailureExitTests {

	@TempDir
	Path directory;

	private Process process;

	@AfterEach
	void stopChild() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void exitPolicyEndsTheApplicationWithinSecondsWhenAHookFailsOnARequestThread() throws Exception {
		File stdout = this.directory.resolve("stdout.txt").toFile();
		File stderr = this.directory.resolve("stderr.txt").toFile();
		String java = ProcessHandle.current().info().command().orElseThrow();
		List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), HookFailureApplication.class.getName(), "--server.port=0",
				"--async-hooks.error-policy=exit", "--spring.main.banner-mode=off"));
		this.process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
		int port = await().atMost(Duration.ofMinutes(2))
			.until(() -> port(stdout), (value) -> value > 0 || !this.process.isAlive());
		assertThat(port).as(() -> "child listening, its output: " + tail(stdout)).isPositive();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fail"))
			.timeout(Duration.ofSeconds(20))
			.build();
		String outcome;
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			outcome = response.statusCode() + " " + response.body();
		}
		catch (IOException ex) {
			// the process may end before the response is written: a closed connection
			outcome = "closed";
		}
		assertThat(outcome).isIn("200 handled", "500", "closed");
		boolean exited = this.process.waitFor(10, TimeUnit.SECONDS);
		assertThat(exited).as("child exited within 10 s of the request").isTrue();
		assertThat(this.process.exitValue()).isEqualTo(1);
		List<String> out = Files.readAllLines(stdout.toPath(), StandardCharsets.UTF_8);
		assertThat(out).filteredOn((line) -> line.contains(" threw in its "))
			.singleElement()
			.asString()
			.contains("ERROR")
			.contains("Hook " + HookFailureApplication.FailingCallbacks.class.getName()
					+ " threw in its init callback for resource ")
			.endsWith(": exiting (async-hooks.error-policy=exit)");
		assertThat(out).filteredOn((line) -> line.contains(HookFailureApplication.FAILURE_MESSAGE))
			.singleElement()
			.isEqualTo(IllegalStateException.class.getName() + ": " + HookFailureApplication.FAILURE_MESSAGE);
		assertThat(out).anySatisfy((line) -> assertThat(line).contains("FailingCallbacks.init("));
		assertThat(Files.readString(stderr.toPath(), StandardCharsets.UTF_8)).isEmpty();
	}

	private static String tail(File file) {
		try {
			List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static int port(File stdout) throws IOException {
		if (!stdout.exists()) {
			return 0;
		}
		for (String line : Files.readAllLines(stdout.toPath(), StandardCharsets.UTF_8)) {
			if (line.startsWith("port=")) {
				return Integer.parseInt(line.substring(5));
			}
		}
		return 0;
	}

}
