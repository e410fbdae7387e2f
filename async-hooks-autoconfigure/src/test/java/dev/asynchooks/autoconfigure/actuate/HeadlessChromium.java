package dev.asynchooks.autoconfigure.actuate;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Headless Chromium (Debian's {@code chromium} package) run once per page: it loads the
 * page, runs its scripts, and prints the DOM as it is after the load event. Each run has
 * its own throwaway profile, no network activity of its own, and ends, with every process
 * it started, before the call returns.
 * <p>
 * Without a chromium binary on the {@code PATH} the tests that need one are skipped,
 * unless {@code CI=true}: there the browser is part of the build (.ci/run installs it)
 * and its absence fails the test.
 *
 * @author async-hooks
 */
final class HeadlessChromium {

	private static final List<String> NAMES = List.of("chromium", "chromium-browser");

	private final Path binary;

	private HeadlessChromium(Path binary) {
		this.binary = binary;
	}

	/**
	 * The browser, or a skipped test (a failed one when {@code CI=true}).
	 * @return the browser
	 */
	static HeadlessChromium require() {
		Optional<Path> binary = find();
		if (binary.isEmpty()) {
			String message = "No chromium binary on the PATH (" + NAMES + ")";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message + " and CI=true: the browser test must run in CI (.ci/run installs chromium)");
			}
			Assumptions.abort(message + " and CI is unset: the browser test is skipped (apt-get install chromium)");
		}
		return new HeadlessChromium(binary.get());
	}

	private static Optional<Path> find() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String name : NAMES) {
			for (String directory : path.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, name);
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Load a page and answer its DOM after the load event.
	 * @param page the page
	 * @param timeout the most the browser may take
	 * @return the serialized DOM
	 * @throws IOException if the browser cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	String dumpDom(URI page, Duration timeout) throws IOException, InterruptedException {
		return dumpDom(page, Duration.ZERO, timeout);
	}

	/**
	 * Load a page, let its timers run for some virtual time (the browser's own clock,
	 * which waits for the page's requests to end: no real time is waited for), and answer
	 * its DOM.
	 * @param page the page
	 * @param virtualTime how long the page's timers run after the load, in virtual time
	 * @param timeout the most the browser may take
	 * @return the serialized DOM
	 * @throws IOException if the browser cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	String dumpDom(URI page, Duration virtualTime, Duration timeout) throws IOException, InterruptedException {
		Path work = Files.createTempDirectory("asynchooks-chromium");
		Path dom = work.resolve("dom.html");
		Path log = work.resolve("chromium.log");
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-extensions", "--disable-breakpad", "--user-data-dir=" + work.resolve("profile"),
				"--dump-dom", page.toString()));
		if (!virtualTime.isZero()) {
			command.add(command.size() - 2, "--virtual-time-budget=" + virtualTime.toMillis());
		}
		Process process = new ProcessBuilder(command).redirectOutput(dom.toFile())
			.redirectError(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		Set<ProcessHandle> started = new LinkedHashSet<>();
		try {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(started::add);
				if (System.nanoTime() - deadline > 0) {
					fail("chromium did not finish loading " + page + " within " + timeout + "; its log:\n" + tail(log));
				}
			}
			if (process.exitValue() != 0) {
				fail("chromium exited with " + process.exitValue() + " loading " + page + "; its log:\n" + tail(log));
			}
			return Files.readString(dom, StandardCharsets.UTF_8);
		}
		finally {
			end(process, started);
			delete(work);
		}
	}

	// the browser's helpers (zygote, renderer, GPU, crash handler) are its descendants,
	// seen while it ran: one that outlived it is no longer among them
	private static void end(Process process, Set<ProcessHandle> started) throws InterruptedException {
		Set<ProcessHandle> all = new LinkedHashSet<>(started);
		process.descendants().forEach(all::add);
		all.add(process.toHandle());
		all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle handle : all) {
			try {
				handle.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				fail("chromium process " + handle.pid() + " did not end: " + ex);
			}
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
	}

	private static void delete(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
