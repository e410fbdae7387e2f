package dev.asynchooks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.asynchooks.HookErrorPolicyChild.APPLICATION_CONTINUED;
import static dev.asynchooks.HookErrorPolicyChild.CALLBACK_RAN;
import static dev.asynchooks.HookErrorPolicyChild.SHUTDOWN_HOOK_RAN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fatal error policies, each in a child JVM running {@link HookErrorPolicyChild}:
 * Node's rule R37 (test-callback-error.js: status 1, stderr led by the error, 'exit'
 * listeners run, 'uncaughtException' listeners not consulted; with
 * --abort-on-uncaught-exception no exit listener), SPEC rule 8, and the system property
 * {@code asynchooks.onHookError}.
 */
@ExtendWith(CleanEngine.class)
class HookErrorPolicyProcessTests {

	@TempDir
	Path directory;

	// R37, SPEC rule 8: EXIT runs shutdown hooks, not the uncaught exception handler,
	// and the application never sees the exception
	@ParameterizedTest
	@ValueSource(strings = { "init", "before", "after", "destroy" })
	void exitPolicyExitsWithStatusOneAfterRunningShutdownHooks(String callback) throws Exception {
		Result result = runChild(List.of(), "EXIT", callback);
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure(callback));
		assertThat(result.stderr()).anySatisfy((line) -> assertThat(line).contains("FailingCallbacks." + callback));
		assertThat(result.stdout())
			.containsExactlyElementsOf(expectedStdout("policy=EXIT", callback, List.of(SHUTDOWN_HOOK_RAN)));
	}

	// R37, SPEC rule 8: also when the hook fails on a thread other than main
	@Test
	void exitPolicyExitsWithStatusOneWhenTheHookFailsOnAnotherThread() throws Exception {
		Result result = runChild(List.of(), "EXIT", "before", "thread");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure("before"));
		assertThat(result.stdout()).containsExactly("policy=EXIT", SHUTDOWN_HOOK_RAN);
	}

	// R37 with --abort-on-uncaught-exception, SPEC rule 8: HALT stops at once, without
	// shutdown hooks
	@ParameterizedTest
	@ValueSource(strings = { "init", "before", "after", "destroy" })
	void haltPolicyHaltsWithStatusOneWithoutRunningShutdownHooks(String callback) throws Exception {
		Result result = runChild(List.of(), "HALT", callback);
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure(callback));
		assertThat(result.stdout()).containsExactlyElementsOf(expectedStdout("policy=HALT", callback, List.of()));
	}

	// R37
	// SPEC rule 8: EXIT is the default, as in Node
	@Test
	void exitIsThePolicyWhenNothingSetsIt() throws Exception {
		Result result = runChild(List.of(), "-", "destroy");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure("destroy"));
		assertThat(result.stdout()).containsExactly("policy=EXIT", CALLBACK_RAN, SHUTDOWN_HOOK_RAN);
	}

	// R37
	// SPEC rule 8: the system property picks the policy; with disable-hook the
	// application carries on and exits normally
	@Test
	void systemPropertyDisableHookPicksDisableHook() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=disable-hook"), "-", "before");
		assertThat(result.status()).isZero();
		assertThat(result.stderr()).first().isEqualTo(failure("before"));
		assertThat(result.stdout()).containsExactly("policy=DISABLE_HOOK", CALLBACK_RAN, APPLICATION_CONTINUED,
				SHUTDOWN_HOOK_RAN);
	}

	// R37
	@Test
	void systemPropertyHaltPicksHalt() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=halt"), "-", "after");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stderr()).first().isEqualTo(failure("after"));
		assertThat(result.stdout()).containsExactly("policy=HALT", CALLBACK_RAN);
	}

	// R37
	@Test
	void invalidSystemPropertyFailsWithAMessageNamingTheValue() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=explode"), "-", "none");
		assertThat(result.status()).isEqualTo(1);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).anySatisfy((line) -> assertThat(line).contains("IllegalArgumentException")
			.contains("'explode'")
			.contains("asynchooks.onHookError"));
	}

	@Test
	void invalidSystemPropertyFailsWhenAHookIsCreatedNotWhenItFirstThrows() throws Exception {
		Result result = runChild(List.of("-Dasynchooks.onHookError=explode"), "-", "create");
		assertThat(result.status()).isZero();
		assertThat(result.stdout()).containsExactly("createHook failed: Invalid value 'explode' for system property "
				+ "'asynchooks.onHookError': expected one of exit, halt, disable-hook");
	}

	private static String failure(String callback) {
		return new IllegalStateException("test_" + callback + "_callback").toString();
	}

	private static List<String> expectedStdout(String policy, String callback, List<String> atExit) {
		List<String> lines = new ArrayList<>(List.of(policy));
		if (callback.equals("after") || callback.equals("destroy")) {
			lines.add(CALLBACK_RAN);
		}
		lines.addAll(atExit);
		return lines;
	}

	private Result runChild(List<String> jvmOptions, String... arguments) throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		List<String> command = new ArrayList<>(
				List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
		command.addAll(jvmOptions);
		command.add(HookErrorPolicyChild.class.getName());
		command.addAll(List.of(arguments));
		File stdout = this.directory.resolve("stdout.txt").toFile();
		File stderr = this.directory.resolve("stderr.txt").toFile();
		Process process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
		boolean finished = process.waitFor(60, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly();
		}
		assertThat(finished).as("child JVM finished").isTrue();
		return new Result(process.exitValue(), Files.readAllLines(stdout.toPath(), StandardCharsets.UTF_8),
				Files.readAllLines(stderr.toPath(), StandardCharsets.UTF_8));
	}

	private record Result(int status, List<String> stdout, List<String> stderr) {
	}

}
