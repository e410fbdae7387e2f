package dev.asynchooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.asynchooks.concurrent.AsyncExecutors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user documentation holds what the code does: the README's plain-Java example is the
 * code of this test and prints what the README shows, and every relative link of the
 * documentation (README.md, docs/, benchmarks/README.md, demo-app/README.md) reaches a
 * file, and a heading when it names one.
 */
@ExtendWith(CleanEngine.class)
class DocumentationTests {

	private static final Path ROOT = projectRoot();

	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

	private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

	@Test
	void readmeExampleIsThisTestsCodeAndPrintsWhatTheReadmeShows() throws Exception {
		String readme = Files.readString(ROOT.resolve("README.md"));
		List<String> javaBlock = block(readme, "```java", "plain-java-example");
		String source = Files.readString(Path.of("src/test/java/dev/asynchooks/DocumentationTests.java"));
		List<String> imports = javaBlock.stream().filter((line) -> line.startsWith("import ")).toList();
		assertThat(imports).hasSize(9);
		for (String line : imports) {
			String name = line.substring("import ".length(), line.length() - 1);
			assertThat(Class.forName(name).getSimpleName()).as(line).isNotEmpty();
			assertThat(source).contains(name.substring(name.lastIndexOf('.') + 1));
		}
		List<String> code = javaBlock.stream().filter((line) -> !line.startsWith("import ")).toList();
		assertThat(trimBlankEnds(code)).isEqualTo(tagged(source, "readme"));
		List<String> printed = normalizeIds(runExample());
		assertThat(printed).isEqualTo(normalizeIds(block(readme, "```", "plain-java-output")));
	}

	private List<String> runExample() throws Exception {
		PrintStream standardOut = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		Thread test = Thread.currentThread();
		// only the example's threads: a destroy of a resource another test left to the
		// garbage collector may come on the cleaner's thread meanwhile
		OutputStream example = new OutputStream() {

			@Override
			public void write(int b) {
				if (Thread.currentThread() == test || Thread.currentThread().getName().equals("worker")) {
					captured.write(b);
				}
			}

		};
		System.setOut(new PrintStream(example, true, StandardCharsets.UTF_8));
		try {
			example();
		}
		finally {
			System.setOut(standardOut);
		}
		return captured.toString(StandardCharsets.UTF_8).lines().toList();
	}

	private void example() throws Exception {
		// tag::readme[]
		AsyncHook hook = AsyncHooks.createHook(new HookCallbacks() {
			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				System.out.printf("init %s(%d) trigger: %d%n", type, asyncId, triggerAsyncId);
			}

			@Override
			public void before(long asyncId) {
				System.out.printf("before %d on %s%n", asyncId, Thread.currentThread().getName());
			}

			@Override
			public void destroy(long asyncId) {
				System.out.printf("destroy %d%n", asyncId);
			}
		}).enable();

		AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();
		ExecutorService pool = AsyncExecutors.wrap(Executors.newSingleThreadExecutor((r) -> new Thread(r, "worker")));
		Runnable report = () -> System.out.printf("task %d (trigger %d) sees %s%n", AsyncHooks.executionAsyncId(),
				AsyncHooks.triggerAsyncId(), requestId.getStore());
		Future<Future<?>> first = requestId.run("req-1", () -> pool.submit(() -> pool.submit(report)));
		first.get().get();
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.SECONDS);
		hook.disable();
		// end::readme[]
	}

	@Test
	void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("benchmarks/README.md"),
				ROOT.resolve("demo-app/README.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path document : documents) {
			String text = withoutCodeBlocks(Files.readString(document));
			Matcher links = LINK.matcher(text);
			while (links.find()) {
				String target = links.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				checked++;
				int hash = target.indexOf('#');
				String file = (hash >= 0) ? target.substring(0, hash) : target;
				String anchor = (hash >= 0) ? target.substring(hash + 1) : null;
				Path linked = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
				if (!Files.exists(linked)) {
					broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
				}
				else if (anchor != null && !anchors(linked).contains(anchor)) {
					broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(checked).isGreaterThan(20);
		assertThat(broken).isEmpty();
	}

	// GitHub's heading ids: lower case, punctuation other than '-' and '_' dropped,
	// spaces to '-', a suffix -1, -2 ... for repeats
	private static Set<String> anchors(Path markdown) throws IOException {
		Map<String, Integer> seen = new HashMap<>();
		Map<String, Boolean> anchors = new LinkedHashMap<>();
		for (String line : withoutCodeBlocks(Files.readString(markdown)).lines().toList()) {
			if (line.startsWith("#")) {
				String heading = line.replaceFirst("^#+\\s*", "");
				String slug = heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.put((count == 1) ? slug : slug + "-" + (count - 1), true);
			}
		}
		return anchors.keySet();
	}

	private static String withoutCodeBlocks(String markdown) {
		StringBuilder text = new StringBuilder();
		boolean inBlock = false;
		for (String line : markdown.lines().toList()) {
			if (line.startsWith("```")) {
				inBlock = !inBlock;
				continue;
			}
			if (!inBlock) {
				text.append(line).append('\n');
			}
		}
		return text.toString();
	}

	// the lines of the fenced block that follows the marker comment <!-- name -->
	private static List<String> block(String markdown, String fence, String name) {
		List<String> lines = markdown.lines().toList();
		int marker = lines.indexOf("<!-- " + name + " -->");
		assertThat(marker).as("marker %s", name).isNotNegative();
		assertThat(lines.get(marker + 1)).isEqualTo(fence);
		int end = marker + 2;
		while (!lines.get(end).equals("```")) {
			end++;
		}
		return lines.subList(marker + 2, end);
	}

	private static List<String> tagged(String source, String tag) {
		List<String> lines = source.lines().toList();
		int start = lines.indexOf("\t\t// tag::" + tag + "[]");
		int end = lines.indexOf("\t\t// end::" + tag + "[]");
		assertThat(start).isNotNegative();
		return lines.subList(start + 1, end)
			.stream()
			.map((line) -> line.startsWith("\t\t") ? line.substring(2) : line)
			.map((line) -> {
				int tabs = 0;
				while (tabs < line.length() && line.charAt(tabs) == '\t') {
					tabs++;
				}
				return "    ".repeat(tabs) + line.substring(tabs);
			})
			.collect(Collectors.toList());
	}

	private static List<String> trimBlankEnds(List<String> lines) {
		int from = 0;
		int to = lines.size();
		while (from < to && lines.get(from).isBlank()) {
			from++;
		}
		while (to > from && lines.get(to - 1).isBlank()) {
			to--;
		}
		return lines.subList(from, to);
	}

	// async ids depend on what ran before in this JVM and on the blocks of ids each
	// thread
	// takes: number them 2, 3, ... in order of appearance (1, the root, stays)
	private static List<String> normalizeIds(List<String> lines) {
		Map<String, String> ids = new HashMap<>();
		List<String> normalized = new ArrayList<>();
		for (String line : lines) {
			Matcher numbers = NUMBER.matcher(line);
			StringBuilder out = new StringBuilder();
			while (numbers.find()) {
				String number = numbers.group();
				String id = number.equals("1") ? "1"
						: ids.computeIfAbsent(number, (n) -> String.valueOf(ids.size() + 2));
				numbers.appendReplacement(out, id);
			}
			numbers.appendTail(out);
			normalized.add(out.toString());
		}
		return normalized;
	}

	private static Path projectRoot() {
		Path root = Path.of("").toAbsolutePath().getParent();
		assertThat(root.resolve("README.md")).exists();
		return root;
	}

}
