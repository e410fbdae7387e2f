package dev.asynchooks.architecture;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.asynchooks.AsyncHooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The core as a module on the module path (the other tests run it on the class path, as a
 * Spring Boot application does): it exports only the API packages, and a consumer module
 * compiles and runs against the API but cannot reach the engine's internals.
 */
class ModulePathTests {

	private static final String MODULE = "dev.asynchooks";

	@TempDir
	Path work;

	@Test
	void moduleExportsOnlyTheApiPackages() throws Exception {
		ModuleDescriptor descriptor = ModuleFinder.of(coreClasses()).find(MODULE).orElseThrow().descriptor();
		assertThat(descriptor.isAutomatic()).isFalse();
		assertThat(descriptor.exports()).allSatisfy((exports) -> assertThat(exports.isQualified()).isFalse());
		assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source)).containsExactlyInAnyOrder(
				"dev.asynchooks", "dev.asynchooks.concurrent", "dev.asynchooks.live", "dev.asynchooks.trace");
		assertThat(descriptor.opens()).isEmpty();
		assertThat(descriptor.packages()).contains("dev.asynchooks.internal", "dev.asynchooks.trace.perfetto");
	}

	@Test
	void consumerModuleCompilesAgainstTheApiAndRunsOnTheModulePath() throws Exception {
		Path classes = compile("consumer",
				"""
						package consumer;

						public class Consumer {
							public static String run() {
								java.util.List<String> types = new java.util.ArrayList<>();
								dev.asynchooks.AsyncHook hook = dev.asynchooks.AsyncHooks.createHook(new dev.asynchooks.HookCallbacks() {
									@Override
									public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
										types.add(type);
									}
								}).enable();
								try {
									dev.asynchooks.live.LiveResources live = new dev.asynchooks.live.LiveResources();
									new dev.asynchooks.AsyncResource("CONSUMER").emitDestroy();
									return types + " " + live.maxTracked();
								}
								finally {
									hook.disable();
								}
							}
						}
						""");
		ModuleLayer layer = layer(classes);
		Method run = layer.findLoader("consumer").loadClass("consumer.Consumer").getMethod("run");
		assertThat(run.invoke(null)).isEqualTo("[CONSUMER] 100000");
		Module core = layer.findModule(MODULE).orElseThrow();
		assertThat(core.getClassLoader()).isNotSameAs(AsyncHooks.class.getClassLoader());
		assertThat(core.isExported("dev.asynchooks.live")).isTrue();
		assertThat(core.isExported("dev.asynchooks.internal")).isFalse();
		// this test is in the unnamed module: the package is not exported to it either
		Class<?> engineAccess = core.getClassLoader().loadClass("dev.asynchooks.internal.EngineAccess");
		assertThatExceptionOfType(IllegalAccessException.class)
			.isThrownBy(() -> engineAccess.getMethod("get").invoke(null));
	}

	@Test
	void consumerModuleCannotCompileAgainstTheEngineInternals() throws Exception {
		StringWriter output = new StringWriter();
		boolean compiled = tryCompile("forger", """
				package forger;

				public class Forger {
					public static Object forge() {
						return dev.asynchooks.internal.EngineAccess.get();
					}
				}
				""", output);
		assertThat(compiled).isFalse();
		assertThat(output.toString()).contains("package dev.asynchooks.internal is not visible")
			.contains("does not export it");
	}

	private Path compile(String module, String source) throws IOException, URISyntaxException {
		StringWriter output = new StringWriter();
		assertThat(tryCompile(module, source, output)).as(output.toString()).isTrue();
		return this.work.resolve(module + "-classes");
	}

	private boolean tryCompile(String module, String source, StringWriter output)
			throws IOException, URISyntaxException {
		Path sources = this.work.resolve(module);
		Files.createDirectories(sources.resolve(module));
		Path moduleInfo = Files.writeString(sources.resolve("module-info.java"),
				"module " + module + " { requires " + MODULE + "; exports " + module + "; }");
		String name = Character.toUpperCase(module.charAt(0)) + module.substring(1);
		Path type = Files.writeString(sources.resolve(module).resolve(name + ".java"), source);
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		// an empty class path: by default it would be this JVM's, which holds the core
		// too
		List<String> arguments = List.of("--release", "17", "--class-path", sources.toString(), "--module-path",
				coreClasses().toString(), "-d", this.work.resolve(module + "-classes").toString());
		return javac
			.getTask(output, null, null, arguments, null,
					javac.getStandardFileManager(null, null, null)
						.getJavaFileObjects(moduleInfo.toFile(), type.toFile()))
			.call();
	}

	private static ModuleLayer layer(Path consumerClasses) throws URISyntaxException {
		ModuleLayer boot = ModuleLayer.boot();
		Configuration configuration = boot.configuration()
			.resolve(ModuleFinder.of(coreClasses(), consumerClasses), ModuleFinder.of(), Set.of("consumer"));
		assertThat(configuration.modules().stream().map((module) -> module.name()).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder("consumer", MODULE);
		return boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
	}

	// the core's compiled classes, with their module-info: target/classes, or the jar
	private static Path coreClasses() throws URISyntaxException {
		return Path.of(AsyncHooks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

}
