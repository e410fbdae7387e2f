package dev.asynchooks.autoconfigure;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.asynchooks.AsyncHooks;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The package structure of the Spring side, checked on its compiled classes: no package
 * cycle, and nothing outside the core reaches the engine's internals.
 */
class PackageStructureTests {

	private static final String[] CORE_PACKAGES = { "dev.asynchooks", "dev.asynchooks.concurrent",
			"dev.asynchooks.internal", "dev.asynchooks.live" };

	private static final JavaClasses autoconfigure = new ClassFileImporter()
		.importLocations(List.of(location(AsyncHooksAutoConfiguration.class)));

	// everything of this project on this module's test class path: the core, this
	// module, and its tests
	private static final JavaClasses everything = new ClassFileImporter()
		.importLocations(List.of(location(AsyncHooks.class), location(AsyncHooksAutoConfiguration.class),
				location(PackageStructureTests.class)));

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("(**)").should().beFreeOfCycles().check(autoconfigure);
	}

	@Test
	void autoConfigurationNeverDependsOnTheEngineInternals() {
		noClasses().that()
			.resideInAPackage("dev.asynchooks.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.asynchooks.internal..")
			.check(everything);
	}

	@Test
	void nothingOutsideTheCoreDependsOnTheEngineInternals() {
		noClasses().that()
			.resideOutsideOfPackages(CORE_PACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.asynchooks.internal..")
			.check(everything);
	}

	@Test
	void metricsAndTheLiveResourceRegistryNeedNoActuator() {
		noClasses().that()
			.resideInAnyPackage("dev.asynchooks.autoconfigure.metrics..", "dev.asynchooks.autoconfigure.live..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.asynchooks.autoconfigure.actuate..", "org.springframework.boot.actuate..")
			.check(autoconfigure);
	}

	private static Location location(Class<?> type) {
		return Location.of(type.getProtectionDomain().getCodeSource().getLocation());
	}

	@Test
	void theCheckSeesTheCoreAndThisModule() {
		// the rules above are not vacuous: the core's internals are imported, and the
		// cycle check finds a cycle in the core, where one is documented
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noClasses().that()
			.resideInAPackage("dev.asynchooks.concurrent..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.asynchooks.internal..")
			.check(everything));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noClasses().that()
			.resideInAPackage("dev.asynchooks.autoconfigure.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.asynchooks.autoconfigure.live..")
			.check(autoconfigure));
	}

}
