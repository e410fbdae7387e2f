package dev.asynchooks.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
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

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.HookErrorReporter;
import dev.asynchooks.autoconfigure.errors.HookFailureApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hook that throws in a Spring application, in one place (SPEC §9): the property
 * {@code async-hooks.error-policy} (default {@code disable-hook} with the starter) is
 * applied to the engine and put back when the context closes; a hook failure is logged
 * once through SLF4J, with its stack trace, the hook and the event, and nothing goes to
 * stderr; under {@code exit} the application ends within seconds (in a child JVM running
 * {@link HookFailureApplication}).
 *
 * @author async-hooks
 */
class LoggingHookErrorReporterTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class));

	private final HookErrorPolicy initialPolicy = AsyncHooks.hookErrorPolicy();

	private final HookErrorReporter initialReporter = AsyncHooks.hookErrorReporter();

	@TempDir
	Path directory;

	private Process process;

	@AfterEach
	void restoreEngine() {
		AsyncHooks.setHookErrorPolicy(this.initialPolicy);
		AsyncHooks.setHookErrorReporter(this.initialReporter);
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void disableHookIsTheDefaultPolicyWithTheStarter() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.EXIT);
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(AsyncHooksProperties.class).getErrorPolicy())
				.isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorReporter()).isInstanceOf(LoggingHookErrorReporter.class);
		});
	}

	@Test
	void closingTheContextPutsBackThePolicyAndReporterItFound() {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.HALT);
		HookErrorReporter before = (hook, event, asyncId, failure, policy) -> {
		};
		AsyncHooks.setHookErrorReporter(before);
		this.contextRunner.withPropertyValues("async-hooks.error-policy=exit").run((context) -> {
			assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK);
			assertThat(AsyncHooks.hookErrorReporter()).isInstanceOf(LoggingHookErrorReporter.class);
		});
		assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.HALT);
		assertThat(AsyncHooks.hookErrorReporter()).isSameAs(before);
	}

	@Test
	void haltIsPassedToTheEngineAndExitIsHandledByTheReporter() {
		this.contextRunner.withPropertyValues("async-hooks.error-policy=halt")
			.run((context) -> assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.HALT));
		// under 'exit' the engine only disables the hook; the reporter ends the process
		// on a thread of its own
		this.contextRunner.withPropertyValues("async-hooks.error-policy=exit")
			.run((context) -> assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK));
	}

	@Test
	void hookFailureIsLoggedOnceWithItsStackTraceAndNothingGoesToStderr() {
		Logger logger = (Logger) LoggerFactory.getLogger(AsyncHook.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		// kept out of the build log: the events are asserted instead
		boolean additive = logger.isAdditive();
		logger.setAdditive(false);
		PrintStream stderr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			this.contextRunner.withUserConfiguration(FailingHookConfiguration.class).run((context) -> {
				AsyncHook hook = AsyncHooks.enabledHooks()
					.stream()
					.filter((candidate) -> candidate.callbacks() instanceof FailingCallbacks)
					.findFirst()
					.orElseThrow();
				AsyncResource resource = new AsyncResource("FAIL");
				resource.runInAsyncScope(() -> {
				});
				resource.runInAsyncScope(() -> {
				});
				resource.emitDestroy();
				assertThat(hook.isEnabled()).isFalse();
				assertThat(appender.list).singleElement().satisfies((event) -> {
					assertThat(event.getLevel()).isEqualTo(Level.ERROR);
					assertThat(event.getFormattedMessage()).isEqualTo("Hook " + FailingCallbacks.class.getName()
							+ " threw in its before callback for resource " + resource.asyncId()
							+ ": the hook is disabled (async-hooks.error-policy=disable-hook)");
					assertThat(event.getThrowableProxy().getClassName())
						.isEqualTo(IllegalStateException.class.getName());
					assertThat(event.getThrowableProxy().getMessage()).isEqualTo("test_failure_in_before");
					assertThat(event.getThrowableProxy().getStackTraceElementProxyArray())
						.anySatisfy((element) -> assertThat(element.getSTEAsString())
							.contains(FailingCallbacks.class.getName() + ".before("));
				});
			});
		}
		finally {
			System.setErr(stderr);
			logger.detachAppender(appender);
			logger.setAdditive(additive);
		}
		assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void errorPolicyIsAppliedToTheEngine() {
		this.contextRunner.withPropertyValues("async-hooks.error-policy=disable-hook")
			.run((context) -> assertThat(AsyncHooks.hookErrorPolicy()).isEqualTo(HookErrorPolicy.DISABLE_HOOK));
	}

	@Test
	void invalidErrorPolicyFailsStartup() {
		this.contextRunner.withPropertyValues("async-hooks.error-policy=explode")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("explode"));
	}

	// under 'exit', in a child JVM running HookFailureApplication on Tomcat with Boot's
	// default graceful shutdown: a hook that throws on a request thread ends the process
	// (status 1) within seconds, not after the 30 s graceful-shutdown timeout; the client
	// gets its response or a closed connection; the failure is logged once, with its
	// stack trace, and nothing is written to stderr
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

	@Configuration(proxyBeanMethods = false)
	static class FailingHookConfiguration {

		@Bean
		FailingCallbacks failingCallbacks() {
			return new FailingCallbacks();
		}

	}

	static class FailingCallbacks implements HookCallbacks {

		@Override
		public void before(long asyncId) {
			if (AsyncHooks.executionAsyncResource() instanceof AsyncResource resource
					&& resource.type().equals("FAIL")) {
				throw new IllegalStateException("test_failure_in_before");
			}
		}

	}

}
