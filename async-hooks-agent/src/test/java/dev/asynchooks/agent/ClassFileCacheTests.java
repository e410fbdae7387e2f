package dev.asynchooks.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache of transformed class files, seen from JVMs started with the agent jar: the
 * first start fills it, the next ones load no class of ByteBuddy and behave the same.
 */
class ClassFileCacheTests {

	private static final String BYTE_BUDDY = "dev.asynchooks.agent.shaded.bytebuddy.";

	private Path directory;

	@BeforeEach
	void directory(TestInfo test) throws IOException {
		this.directory = Paths.get(System.getProperty("agent.test-directory"))
			.resolve(test.getTestMethod().orElseThrow().getName());
		if (Files.exists(this.directory)) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted((a, b) -> b.compareTo(a)).forEach((file) -> file.toFile().delete());
			}
		}
		Files.createDirectories(this.directory);
	}

	@Test
	void aSecondStartLoadsNoByteBuddyClassAndInstrumentsTheSame() throws Exception {
		Path cache = this.directory.resolve("cache");
		Start cold = start("cold", "-Dasynchooks.agent.cache-dir=" + cache);
		assertInstrumented(cold);
		assertThat(cold.loadedByteBuddy()).isTrue();
		assertThat(entries(cache)).anyMatch((name) -> name.startsWith("java.lang.Thread.retransform."))
			.anyMatch((name) -> name.startsWith("java.util.concurrent.CompletableFuture.load."))
			.anyMatch((name) -> name.startsWith("java.util.concurrent.ThreadPoolExecutor."))
			.noneMatch((name) -> name.endsWith(".tmp"));
		Start warm = start("warm", "-Dasynchooks.agent.cache-dir=" + cache);
		assertInstrumented(warm);
		assertThat(warm.loadedByteBuddy()).isFalse();
	}

	@Test
	void aCorruptedOrTruncatedEntryIsTransformedAgain() throws Exception {
		Path cache = this.directory.resolve("cache");
		assertInstrumented(start("cold", "-Dasynchooks.agent.cache-dir=" + cache));
		List<Path> files = files(cache);
		assertThat(files).isNotEmpty();
		for (int i = 0; i < files.size(); i++) {
			byte[] entry = Files.readAllBytes(files.get(i));
			if (i % 2 == 0) {
				entry[entry.length - 10] ^= 0x5a;
				Files.write(files.get(i), entry);
			}
			else {
				Files.write(files.get(i), Arrays.copyOf(entry, entry.length / 2));
			}
		}
		Start corrupted = start("corrupted", "-Dasynchooks.agent.cache-dir=" + cache);
		assertInstrumented(corrupted);
		assertThat(corrupted.loadedByteBuddy()).isTrue();
		// the entries were written again: the next start needs no ByteBuddy
		Start warm = start("warm", "-Dasynchooks.agent.cache-dir=" + cache);
		assertInstrumented(warm);
		assertThat(warm.loadedByteBuddy()).isFalse();
	}

	@Test
	void aClassMissingFromAWarmCacheIsTransformedByByteBuddyMadeThen() throws Exception {
		Path cache = this.directory.resolve("cache");
		assertInstrumented(start("cold", "-Dasynchooks.agent.cache-dir=" + cache));
		// the classes already loaded at premain are in the cache: ByteBuddy is made
		// only when the future, then the thread subclass, are transformed
		List<Path> missing = files(cache).stream().filter((file) -> {
			String name = file.getFileName().toString();
			return name.startsWith("java.util.concurrent.CompletableFuture.load.")
					|| name.startsWith(CachedStartApplication.class.getName() + "$");
		}).toList();
		assertThat(missing).hasSize(2);
		int entries = files(cache).size();
		for (Path file : missing) {
			Files.delete(file);
		}
		Start partial = start("partial", "-Dasynchooks.agent.cache-dir=" + cache);
		assertInstrumented(partial);
		assertThat(partial.loadedByteBuddy()).isTrue();
		assertThat(files(cache)).hasSize(entries);
		assertThat(start("warm", "-Dasynchooks.agent.cache-dir=" + cache).loadedByteBuddy()).isFalse();
	}

	@Test
	void theSwitchTurnsTheCacheOff() throws Exception {
		Path cache = this.directory.resolve("cache");
		for (String name : List.of("first", "second")) {
			Start start = start(name, "-Dasynchooks.agent.cache-dir=" + cache, "-Dasynchooks.agent.cache=false");
			assertInstrumented(start);
			assertThat(start.loadedByteBuddy()).isTrue();
		}
		assertThat(cache).doesNotExist();
	}

	@Test
	void aDirectoryThatCannotBeMadeMeansNoCacheNotAFailedStart() throws Exception {
		Path file = this.directory.resolve("file");
		Files.writeString(file, "not a directory");
		Start start = start("unusable", "-Dasynchooks.agent.cache-dir=" + file.resolve("cache"));
		assertInstrumented(start);
		assertThat(start.loadedByteBuddy()).isTrue();
	}

	private void assertInstrumented(Start start) {
		assertThat(start.exitCode()).as(start.output()).isZero();
		assertThat(start.output()).contains("task=EXECUTOR_TASK", "future=PROMISE", "thread=THREAD", "subclass=THREAD",
				"errors=[]");
	}

	private Start start(String name, String... options) throws Exception {
		Path classes = this.directory.resolve(name + "-classes.log");
		Path output = this.directory.resolve(name + ".out");
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-javaagent:" + System.getProperty("agent.jar"));
		command.add("-Xlog:class+load=info:file=" + classes);
		command.addAll(List.of(options));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(CachedStartApplication.class.getName());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Start(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
				Files.readString(classes, StandardCharsets.UTF_8).contains(BYTE_BUDDY));
	}

	private static List<Path> files(Path cache) throws IOException {
		try (Stream<Path> files = Files.walk(cache)) {
			return files.filter(Files::isRegularFile).sorted().toList();
		}
	}

	private static List<String> entries(Path cache) throws IOException {
		return files(cache).stream().map((file) -> file.getFileName().toString()).toList();
	}

	record Start(int exitCode, String output, boolean loadedByteBuddy) {

	}

}
