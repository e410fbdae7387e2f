package dev.asynchooks.agent;

import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.jar.JarFile;

import dev.asynchooks.internal.ThreadLocalPropagation;
import org.jspecify.annotations.Nullable;

/**
 * Installs the agent, on the bootstrap class path (see {@link AsyncHooksAgent}). It names
 * no class of ByteBuddy: a start whose transformed classes are all in the
 * {@link ClassFileCache} never loads one.
 */
public final class AgentInstaller {

	/**
	 * The JDK classes (internal names) that the instrumentations change, besides the
	 * {@code Thread} subclasses that {@link Threads} asks for: only these are given to
	 * the cache or to ByteBuddy. An instrumentation that names a new class adds it here.
	 */
	static final Set<String> INSTRUMENTED = Set.of("java/util/concurrent/ThreadPoolExecutor",
			"java/util/concurrent/AbstractExecutorService", "java/util/concurrent/ScheduledThreadPoolExecutor",
			"java/util/concurrent/ForkJoinPool", "java/util/concurrent/ForkJoinTask", "java/util/Timer",
			"java/util/TimerTask", "java/util/TaskQueue", "java/util/TimerThread", "java/lang/Thread",
			"java/lang/VirtualThread", "java/util/concurrent/CompletableFuture",
			"java/util/concurrent/CompletableFuture$MinimalStage",
			"java/util/concurrent/CompletableFuture$ThreadPerTaskExecutor");

	private static final List<String> errors = new CopyOnWriteArrayList<>();

	private AgentInstaller() {
	}

	/**
	 * Install every instrumentation: classes already loaded are retransformed, later ones
	 * transformed as they load, from the cache when it holds them.
	 * @param instrumentation the JVM's instrumentation
	 * @param jar the agent jar, where the advice classes are read from
	 */
	public static void install(Instrumentation instrumentation, JarFile jar) {
		// the engine's class that reads Micrometer is defined again beside the
		// application's Micrometer, from this jar
		ThreadLocalPropagation.useClassFilesOf(jar);
		// advice inlined into java.base calls this jar's classes, in the bootstrap class
		// loader's unnamed module: java.base must read it
		Module engine = AgentInstaller.class.getModule();
		instrumentation.redefineModule(Object.class.getModule(), Set.of(engine), Map.of(), Map.of(), Set.of(),
				Map.of());
		Threads.install(instrumentation);
		// JDK classes that advice names in its signatures are loaded now, and
		// retransformed: describing advice that names a class while that very class is
		// being loaded fails with a ClassCircularityError
		loaded(RunnableFuture.class, List.class, RunnableScheduledFuture.class, ForkJoinPool.class, ForkJoinTask.class,
				TimerTask.class, Timer.class);
		ClassFileCache cache = ClassFileCache.open(jar);
		Class<?>[] candidates = candidates(instrumentation);
		CachingTransformer transformer = new CachingTransformer(jar, cache);
		if (cache == null || !cache.holdsRetransformed(candidates)) {
			// a cold start: ByteBuddy is made now, before any class is transformed
			transformer.byteBuddy();
		}
		instrumentation.addTransformer(transformer, true);
		retransform(instrumentation, candidates);
	}

	private static Class<?>[] candidates(Instrumentation instrumentation) {
		return Arrays.stream(instrumentation.getAllLoadedClasses())
			.filter((type) -> type.getClassLoader() == null && INSTRUMENTED.contains(type.getName().replace('.', '/')))
			.toArray(Class<?>[]::new);
	}

	private static void retransform(Instrumentation instrumentation, Class<?>[] types) {
		try {
			instrumentation.retransformClasses(types);
		}
		catch (Throwable ex) {
			// one by one, to name the class that failed
			for (Class<?> type : types) {
				try {
					instrumentation.retransformClasses(type);
				}
				catch (Throwable failure) {
					error(type.getName(), failure);
				}
			}
		}
	}

	private static void loaded(Class<?>... types) {
		// nothing more: the class literals have loaded them
	}

	/**
	 * Whether a class is one the agent changes.
	 * @param loader its class loader
	 * @param internalName its internal name
	 * @param classBeingRedefined the class when it is retransformed
	 * @return {@code true} for a JDK class an instrumentation names, or a {@code Thread}
	 * subclass whose {@code run()} is to be wrapped
	 */
	static boolean isInstrumented(@Nullable ClassLoader loader, String internalName,
			@Nullable Class<?> classBeingRedefined) {
		return (loader == null && INSTRUMENTED.contains(internalName))
				|| Threads.isSubclassToInstrument(classBeingRedefined);
	}

	static void error(String typeName, Throwable failure) {
		errors.add(typeName + ": " + failure);
		System.getLogger("dev.asynchooks.agent")
			.log(System.Logger.Level.ERROR, "async-hooks agent could not instrument " + typeName, failure);
	}

	/**
	 * The transformations that failed since the JVM started, one line each: empty when
	 * every instrumented class was changed.
	 * @return a snapshot
	 */
	public static List<String> errors() {
		return List.copyOf(errors);
	}

}
