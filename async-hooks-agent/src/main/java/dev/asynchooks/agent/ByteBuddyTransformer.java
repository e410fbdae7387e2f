package dev.asynchooks.agent;

import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.jar.JarFile;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;
import org.jspecify.annotations.Nullable;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * ByteBuddy's transformer made from the instrumentations: the one place that names
 * ByteBuddy outside them. Made only when a class is not in the {@link ClassFileCache}, so
 * that a start with a warm cache loads none of ByteBuddy's classes.
 */
final class ByteBuddyTransformer {

	/**
	 * Every family of instrumented classes, in the order they are applied: add one line
	 * per family, and its class names to {@link AgentInstaller#INSTRUMENTED}.
	 */
	static final List<AgentInstrumentation> INSTRUMENTATIONS = List.of(new ThreadPoolExecutorInstrumentation(),
			new ScheduledThreadPoolExecutorInstrumentation(), new ForkJoinPoolInstrumentation(),
			new TimerInstrumentation(), new ThreadInstrumentation(), new CompletableFutureInstrumentation());

	private static ClassFileLocator classFiles = ClassFileLocator.NoOp.INSTANCE;

	private ByteBuddyTransformer() {
	}

	/**
	 * Make the transformer; it is not registered with the JVM, the
	 * {@link CachingTransformer} calls it.
	 * @param jar the agent jar, where the advice classes are read from
	 * @return a transformer that answers {@code null} for a class it leaves alone
	 */
	static ClassFileTransformer make(JarFile jar) {
		classFiles = new ClassFileLocator.ForJarFile(jar);
		AgentBuilder agent = new AgentBuilder.Default().disableClassFormatChanges()
			.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
			.with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
			.with(AgentBuilder.TypeStrategy.Default.REDEFINE)
			// described from class files, never by reflection: reflecting on a class
			// loads the classes it names, inside the transformation, where they would not
			// be transformed themselves
			.with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
			.with(new ErrorListener())
			// only the JDK's own classes are instrumented, and the Thread subclasses
			// asked for: every other class is passed over before it is described
			.ignore((type, loader, module, redefined, domain) -> loader != null
					&& !Threads.isSubclassToInstrument(redefined))
			// nor the agent itself, on the bootstrap class path
			.or(nameStartsWith("dev.asynchooks."), ElementMatchers.isBootstrapClassLoader());
		if (Boolean.getBoolean("asynchooks.agent.debug")) {
			agent = agent.with(AgentBuilder.Listener.StreamWriting.toSystemError().withTransformationsOnly());
		}
		for (AgentInstrumentation family : INSTRUMENTATIONS) {
			agent = family.instrument(agent);
		}
		return agent.makeRaw();
	}

	/**
	 * The advice in a class of the agent, for an {@link AgentInstrumentation}.
	 * @param type the class holding the advice methods
	 * @return the advice
	 */
	static Advice advice(Class<?> type) {
		return Advice.to(type, classFiles);
	}

	private static final class ErrorListener extends AgentBuilder.Listener.Adapter {

		@Override
		public void onError(String typeName, @Nullable ClassLoader classLoader, @Nullable JavaModule module,
				boolean loaded, Throwable throwable) {
			AgentInstaller.error(typeName, throwable);
		}

	}

}
