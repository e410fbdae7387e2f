package dev.asynchooks.architecture;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.internal.EngineAccess;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The package structure of the core, checked on its compiled classes: no package cycle,
 * except the one documented in {@code dev.asynchooks.internal}, and the engine's dispatch
 * reachable only from the API package.
 */
class PackageStructureTests {

	/**
	 * The one exception to "no package cycles": {@link EngineAccess}, a
	 * {@code SharedSecrets}-style access object in {@code internal}, names
	 * {@link AsyncResource}, which installs it.
	 */
	static final DescribedPredicate<JavaClass> ENGINE_ACCESS = equivalentTo(EngineAccess.class);

	static final DescribedPredicate<JavaClass> ASYNC_RESOURCE = equivalentTo(AsyncResource.class);

	// the core's compiled classes, where they are (target/classes, or the jar)
	private static final JavaClasses core = new ClassFileImporter()
		.importLocations(List.of(Location.of(EngineAccess.class.getProtectionDomain().getCodeSource().getLocation())));

	@Test
	void packagesAreFreeOfCyclesExceptTheEngineAccess() {
		packagesFreeOfCycles().check(core);
	}

	@Test
	void internalDependsOnTheApiOnlyThroughTheEngineAccess() {
		noClasses().that()
			.resideInAPackage("dev.asynchooks.internal..")
			.and()
			.areNotAssignableTo(EngineAccess.class)
			.should()
			.dependOnClassesThat()
			// Micrometer context-propagation: the optional ThreadLocalAccessors that
			// resources carry (RegisteredThreadLocals)
			.resideOutsideOfPackages("dev.asynchooks.internal..", "java..", "org.jspecify..", "io.micrometer.context..")
			.check(core);
	}

	@Test
	void hookDispatchIsPackagePrivate() {
		classes().that()
			.haveFullyQualifiedName("dev.asynchooks.HookRegistry")
			.or()
			.haveFullyQualifiedName("dev.asynchooks.HookErrors")
			.or()
			.haveFullyQualifiedName("dev.asynchooks.CollectedResources")
			.should()
			.notBePublic()
			.check(core);
	}

	@Test
	void theCycleCheckFindsACycleThroughTheEngineAccessWhenItIsNotTheException() {
		// the check is not empty: without the exception, the engine access is a cycle
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> slices().matching("(**)").should().beFreeOfCycles().check(core))
			.withMessageContaining("dev.asynchooks.internal");
		assertThat(core.contain(EngineAccess.class)).isTrue();
	}

	static ArchRule packagesFreeOfCycles() {
		return slices().matching("(**)")
			.should()
			.beFreeOfCycles()
			.ignoreDependency(ENGINE_ACCESS, ASYNC_RESOURCE)
			.because("the packages of the engine depend one way; EngineAccess is the one documented exception");
	}

}
