package dev.asynchooks.live;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.EngineAccess;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * Where resources are created: the first frame of the creating thread's stack outside the
 * JDK, this library and the framework packages that only pass work along (Spring,
 * Reactor, Tomcat, Netty, Jetty, …), formatted like {@link StackTraceElement#toString()}
 * without class loader and module:
 * {@code com.example.OrderService.process(OrderService.java:42)}.
 * <p>
 * <b>Cost.</b> A stack walk happens at most once per distinct user function: when the
 * integration that creates a resource knows the function it will run (the task handed to
 * an executor, the function given to {@code thenApply}, the supplier of
 * {@code supplyAsync}), the site found for the first resource of that function's class is
 * cached with the class and reused for every later one (a lookup, no allocation). A
 * function class used from several places is shown with the site of its first use, as in
 * Cats Effect's cached tracing. A resource with no function of its own (a
 * {@code new AsyncResource(type)}, a {@code new TrackedCompletableFuture<>()}, an
 * {@code @Async} invocation) costs a short walk of the stack each time. Incoming requests
 * and servers are made by the server itself and get no site.
 * <p>
 * Plain Java: a {@link LiveResources} records sites unless the system property
 * {@value #ENABLED_PROPERTY} is {@code false}; the packages skipped are
 * {@link #DEFAULT_EXCLUDED_PACKAGES}, or the comma-separated list in
 * {@value #EXCLUDED_PACKAGES_PROPERTY}. Use
 * {@link LiveResources#creationSites(CreationSites)} to change it at run time; it applies
 * to resources created afterwards.
 *
 * @since 0.1.0
 */
public final class CreationSites {

	/** The system property that turns creation sites off ({@code false}). */
	public static final String ENABLED_PROPERTY = "asynchooks.creation-sites.enabled";

	/** The system property listing the packages to skip, comma-separated. */
	public static final String EXCLUDED_PACKAGES_PROPERTY = "asynchooks.creation-sites.excluded-packages";

	/**
	 * The packages (class name prefixes) skipped by default: the JDK, servlet and
	 * reactive plumbing, Spring, Reactor, Micrometer, Tomcat, Netty, Jetty, Undertow,
	 * Jersey, Kotlin coroutines and the test runners (JUnit, Surefire, Gradle). This
	 * library's own classes are always skipped (not its tests, nor an application in a
	 * {@code dev.asynchooks} package).
	 */
	public static final List<String> DEFAULT_EXCLUDED_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
			"jakarta.", "org.springframework.", "reactor.", "io.micrometer.", "org.apache.catalina.",
			"org.apache.coyote.", "org.apache.tomcat.", "io.netty.", "org.eclipse.jetty.", "io.undertow.",
			"org.glassfish.jersey.", "kotlin.", "kotlinx.coroutines.", "org.junit.", "org.apache.maven.surefire.",
			"org.gradle.");

	/** How many frames are looked at, at most, from the top of the stack. */
	public static final int MAX_FRAMES = 128;

	private static final EngineAccess ENGINE = EngineAccess.get();

	// classes of this library, one per module: a class in dev.asynchooks with the same
	// code
	// source as one of them belongs to the library
	private static final List<String> LIBRARY_CLASSES = List.of("dev.asynchooks.AsyncResource",
			"dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration", "dev.asynchooks.test.AsyncHooksExtension",
			"dev.asynchooks.agent.AsyncHooksAgent");

	private static final Set<String> LIBRARY_PACKAGES = Set.of("dev.asynchooks", "dev.asynchooks.concurrent",
			"dev.asynchooks.internal", "dev.asynchooks.live", "dev.asynchooks.test", "dev.asynchooks.agent");

	// markers, compared by identity
	private static final String NO_SITE = new String("");

	private static final String WALK = new String("walk");

	private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE),
			16);

	private final List<String> excludedPackages;

	private final String[] prefixes;

	private final ClassValue<Boolean> skipped = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return isSkipped(type);
		}

	};

	// computed on the thread that creates the first resource of each function class,
	// while its stack is the creator's: one lookup per resource afterwards
	private final ClassValue<String> byFunction = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			// a function of the framework (a wrapper, a method invocation) says nothing
			// about who created the resource: walk for each one
			if (skipped(type)) {
				return WALK;
			}
			String site = walk();
			return (site != null) ? site : NO_SITE;
		}

	};

	private final Function<Stream<StackWalker.StackFrame>, Optional<StackWalker.StackFrame>> firstOutside = (
			frames) -> frames.limit(MAX_FRAMES).filter((frame) -> !skipped(frame.getDeclaringClass())).findFirst();

	private CreationSites(Collection<String> excludedPackages) {
		List<String> packages = new ArrayList<>();
		for (String prefix : excludedPackages) {
			Objects.requireNonNull(prefix, "'excludedPackages' must not contain null");
			String trimmed = prefix.trim();
			if (!trimmed.isEmpty()) {
				packages.add(trimmed);
			}
		}
		this.excludedPackages = List.copyOf(packages);
		this.prefixes = packages.toArray(new String[0]);
	}

	/**
	 * Sites skipping {@link #DEFAULT_EXCLUDED_PACKAGES}.
	 * @return the creation sites
	 */
	public static CreationSites defaults() {
		return new CreationSites(DEFAULT_EXCLUDED_PACKAGES);
	}

	/**
	 * Sites skipping the given packages (class name prefixes, such as
	 * {@code org.springframework.} or {@code com.example.framework.}); this library's own
	 * classes are skipped too.
	 * @param excludedPackages the prefixes
	 * @return the creation sites
	 */
	public static CreationSites excluding(Collection<String> excludedPackages) {
		Objects.requireNonNull(excludedPackages, "'excludedPackages' must not be null");
		return new CreationSites(excludedPackages);
	}

	/**
	 * The sites the system properties ask for: none when {@value #ENABLED_PROPERTY} is
	 * {@code false}, else skipping the packages of {@value #EXCLUDED_PACKAGES_PROPERTY}
	 * or the defaults.
	 * @return the creation sites, or {@code null} when they are off
	 */
	public static @Nullable CreationSites fromSystemProperties() {
		if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim())) {
			return null;
		}
		String packages = System.getProperty(EXCLUDED_PACKAGES_PROPERTY);
		return (packages != null) ? excluding(Arrays.asList(packages.split(","))) : defaults();
	}

	/**
	 * Name the user's function that the next resource created on the current thread will
	 * run, for integrations outside this library: the site of the first resource of that
	 * function's class is found by a stack walk and cached with the class, so later ones
	 * cost a lookup. Call it just before creating the resource (its constructor consumes
	 * it); it does nothing while no hook is enabled.
	 * @param function the user's task or callback
	 */
	public static void nextResourceRuns(Object function) {
		ENGINE.nextSiteKey(Objects.requireNonNull(function, "'function' must not be null"));
	}

	/**
	 * The packages skipped, besides this library.
	 * @return the class name prefixes
	 */
	public List<String> excludedPackages() {
		return this.excludedPackages;
	}

	/**
	 * Whether resources of a type have a creation site: incoming requests and servers are
	 * created by the server, never by the application; a Reactor hop is created inside
	 * Reactor's operators, where the stack rarely holds a frame of the application (a
	 * WebFlux hop runs on an event loop) and is deep, so looking for one would walk up to
	 * {@value #MAX_FRAMES} frames per hop for nothing.
	 * @param type the resource type
	 * @return {@code false} for {@code HTTPINCOMINGMESSAGE}, {@code TCPSERVERWRAP} and
	 * {@code REACTOR_TASK}
	 */
	static boolean hasSite(String type) {
		return !ResourceTypes.HTTPINCOMINGMESSAGE.equals(type) && !ResourceTypes.TCPSERVERWRAP.equals(type)
				&& !ResourceTypes.REACTOR_TASK.equals(type);
	}

	/**
	 * The creation site of the resource being created now on this thread, from inside its
	 * {@code init}.
	 * @return the site, or {@code null} when no frame is outside the skipped packages
	 */
	@Nullable String capture() {
		Object function = pendingKey();
		return (function != null) ? site(cached(function.getClass())) : walk();
	}

	/**
	 * The function of the resource being created on this thread.
	 * @return the function, or {@code null} when the integration named none
	 */
	static @Nullable Object pendingKey() {
		return ThreadState.current().siteKey();
	}

	/**
	 * The site cached for a function class: computed on first use (by a walk of the
	 * current stack), a marker when it has none or when its class is skipped.
	 * @param type the class of the function
	 * @return the cached value, to give to {@link #site(String)}
	 */
	String cached(Class<?> type) {
		return this.byFunction.get(type);
	}

	/**
	 * The site of a resource whose function class has this cached value.
	 * @param cached the value from {@link #cached(Class)}
	 * @return the site, or {@code null}
	 */
	@Nullable String site(String cached) {
		if (cached == WALK) {
			return walk();
		}
		return (cached != NO_SITE) ? cached : null;
	}

	/**
	 * The first frame of the current stack outside the skipped packages.
	 * @return the frame, formatted, or {@code null} when there is none within
	 * {@value #MAX_FRAMES} frames
	 */
	@Nullable String walk() {
		return WALKER.walk(this.firstOutside).map(CreationSites::format).orElse(null);
	}

	private boolean skipped(Class<?> type) {
		return this.skipped.get(type);
	}

	private boolean isSkipped(Class<?> type) {
		String name = type.getName();
		if (name.startsWith("dev.asynchooks.") && isLibrary(type)) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		// proxies generated by Spring AOP and CGLIB for application classes
		return name.contains("$$SpringCGLIB$$") || name.contains("$$EnhancerBySpringCGLIB$$");
	}

	// a class of the library's own packages, from the library's own jar or folder (not
	// a test of the library, nor an application that shades it into its own packages)
	private static boolean isLibrary(Class<?> type) {
		String packageName = type.getPackageName();
		if (!LIBRARY_PACKAGES.contains(packageName) && !packageName.startsWith("dev.asynchooks.autoconfigure")) {
			return false;
		}
		URL location = location(type);
		if (location == null) {
			return true;
		}
		ClassLoader loader = type.getClassLoader();
		for (String name : LIBRARY_CLASSES) {
			try {
				Class<?> library = Class.forName(name, false, loader);
				if (location.equals(location(library))) {
					return true;
				}
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// that module is not on this class path
			}
		}
		return false;
	}

	private static @Nullable URL location(Class<?> type) {
		ProtectionDomain domain = type.getProtectionDomain();
		CodeSource source = (domain != null) ? domain.getCodeSource() : null;
		return (source != null) ? source.getLocation() : null;
	}

	static String format(StackWalker.StackFrame frame) {
		StringBuilder site = new StringBuilder(96).append(frame.getClassName())
			.append('.')
			.append(frame.getMethodName())
			.append('(');
		String file = frame.getFileName();
		int line = frame.getLineNumber();
		if (frame.isNativeMethod()) {
			site.append("Native Method");
		}
		else if (file == null) {
			site.append("Unknown Source");
		}
		else {
			site.append(file);
			if (line >= 0) {
				site.append(':').append(line);
			}
		}
		return site.append(')').toString();
	}

	@Override
	public String toString() {
		return "CreationSites[excluding " + this.excludedPackages + "]";
	}

}
