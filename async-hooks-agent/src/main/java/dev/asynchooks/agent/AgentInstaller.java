package dev.asynchooks.agent;

import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;

import dev.asynchooks.internal.ThreadLocalPropagation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;
import org.jspecify.annotations.Nullable;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Builds the agent from its instrumentations, on the bootstrap class path (see
 * {@link AsyncHooksAgent}).
 */
public final class AgentInstaller {

	/**
	 * Every family of instrumented classes, in the order they are installed: add one line
	 * per family.
	 */
	static final List<AgentInstrumentation> INSTRUMENTATIONS = List.of(new ThreadPoolExecutorInstrumentation(),
			new ScheduledThreadPoolExecutorInstrumentation(), new ForkJoinPoolInstrumentation(),
			new TimerInstrumentation(), new ThreadInstrumentation(), new CompletableFutureInstrumentation());

	private static final System.Logger logger = System.getLogger("dev.asynchooks.agent");

	private static final List<String> errors = new CopyOnWriteArrayList<>();

	private static ClassFileLocator classFiles = ClassFileLocator.NoOp.INSTANCE;

	private AgentInstaller() {
	}

	/**
	 * Install every instrumentation: classes already loaded are retransformed, later ones
	 * transformed as they load.
	 * @param instrumentation the JVM's instrumentation
	 * @param jar the agent jar, where the advice classes are read from
	 */
	public static void install(Instrumentation instrumentation, JarFile jar) {
		classFiles = new ClassFileLocator.ForJarFile(jar);
		// the engine's class that reads Micrometer is defined again beside the
		// application's Micrometer, from this jar
		ThreadLocalPropagation.useClassFilesOf(jar);
		// advice inlined into java.base calls this jar's classes, in the bootstrap class
		// loader's unnamed module: java.base must read it
		Module engine = AgentInstaller.class.getModule();
		instrumentation.redefineModule(Object.class.getModule(), Set.of(engine), Map.of(), Map.of(), Set.of(),
				Map.of());
		AgentBuilder agent = new AgentBuilder.Default().disableClassFormatChanges()
			.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
			.with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
			.with(AgentBuilder.TypeStrategy.Default.REDEFINE)
			// described from class files, never by reflection: reflecting on a class
			// loads the
			// classes it names, inside the transformation, where they would not be
			// transformed themselves
			.with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
			.with(new ErrorListener())
			// only the JDK's own classes are instrumented, and the Thread subclasses
			// asked
			// for: every other class is passed over before it is described
			.ignore((type, loader, module, redefined, domain) -> loader != null
					&& !Threads.isSubclassToInstrument(redefined))
			// nor the agent itself, on the bootstrap class path
			.or(nameStartsWith("dev.asynchooks."), ElementMatchers.isBootstrapClassLoader());
		Threads.install(instrumentation);
		if (Boolean.getBoolean("asynchooks.agent.debug")) {
			agent = agent.with(AgentBuilder.Listener.StreamWriting.toSystemError().withTransformationsOnly());
		}
		for (AgentInstrumentation family : INSTRUMENTATIONS) {
			agent = family.instrument(agent);
		}
		// of the classes loaded by now (the instrumentations load those their advice
		// names), only the JDK's that an instrumentation may name are looked at
		agent.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
			.with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(candidates(instrumentation)))
			.installOn(instrumentation);
	}

	private static Class<?>[] candidates(Instrumentation instrumentation) {
		return Arrays.stream(instrumentation.getAllLoadedClasses())
			.filter((type) -> type.getClassLoader() == null && isCandidate(type.getName()))
			.toArray(Class<?>[]::new);
	}

	private static boolean isCandidate(String name) {
		return name.startsWith("java.util.") || name.equals("java.lang.Thread")
				|| name.equals("java.lang.VirtualThread");
	}

	/**
	 * Make sure JDK classes that advice names in its signatures are loaded before the
	 * agent is installed (they are then retransformed): describing advice that names a
	 * class while that very class is being loaded fails with a
	 * {@code ClassCircularityError}.
	 * @param types the classes, loaded by naming them
	 */
	static void loaded(Class<?>... types) {
		// nothing more: the class literals have loaded them
	}

	/**
	 * The advice in a class of the agent, for an {@link AgentInstrumentation}.
	 * @param type the class holding the advice methods
	 * @return the advice
	 */
	static Advice advice(Class<?> type) {
		return Advice.to(type, classFiles);
	}

	/**
	 * The transformations that failed since the JVM started, one line each: empty when
	 * every instrumented class was changed.
	 * @return a snapshot
	 */
	public static List<String> errors() {
		return List.copyOf(errors);
	}

	private static final class ErrorListener extends AgentBuilder.Listener.Adapter {

		@Override
		public void onError(String typeName, @Nullable ClassLoader classLoader, @Nullable JavaModule module,
				boolean loaded, Throwable throwable) {
			errors.add(typeName + ": " + throwable);
			logger.log(System.Logger.Level.ERROR, "async-hooks agent could not instrument " + typeName, throwable);
		}

	}

}
