package dev.asynchooks.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinWorkerThread;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.TaskAccess;
import org.jspecify.annotations.Nullable;

/**
 * What the advice in {@code Thread} calls. Public because the advice is inlined into the
 * JDK's classes; not API.
 * <p>
 * A started thread is one {@code THREAD} resource, kept beside the thread from
 * {@code start()} until its {@code run()} returns: {@code init} on the starting thread,
 * {@code before}/{@code after} around the outermost {@code run()} on the thread itself,
 * {@code destroy} right after. A subclass that overrides {@code run()} has its class
 * retransformed when its first instance starts, so that its own {@code run()} is the one
 * wrapped; should that fail, the thread's exit still destroys the resource.
 * <p>
 * Not resources: the threads JDK pools and timers start for themselves
 * ({@code ForkJoinWorkerThread}s, virtual-thread carriers among them, the timer's thread,
 * {@code ThreadPoolExecutor} workers, {@code CompletableFuture}'s thread per task), and
 * the JDK's own system threads ({@code InnocuousThread}).
 */
public final class Threads {

	private static final TaskAccess tasks = TaskAccess.get();

	private static final Map<Thread, Object> started = new ConcurrentHashMap<>();

	private static final ThreadLocal<Boolean> infrastructure = ThreadLocal.withInitial(() -> Boolean.FALSE);

	private static final Set<String> INFRASTRUCTURE_TYPES = Set.of("java.util.TimerThread",
			"jdk.internal.misc.InnocuousThread");

	private static final Set<Class<?>> subclassesToInstrument = ConcurrentHashMap.newKeySet();

	private static volatile @Nullable Instrumentation instrumentation;

	// whether a Thread subclass's own run() carries the advice
	private static final ClassValue<Boolean> runInstrumented = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return instrumentRun(type);
		}

	};

	private Threads() {
	}

	static void install(Instrumentation instrumentation) {
		Threads.instrumentation = instrumentation;
	}

	/**
	 * Whether the agent was asked to put the run advice in this class.
	 * @param type a class being retransformed
	 * @return {@code true} for a {@code Thread} subclass whose {@code run()} is to be
	 * wrapped
	 */
	static boolean isSubclassToInstrument(@Nullable Class<?> type) {
		return type != null && subclassesToInstrument.contains(type);
	}

	/**
	 * Mark the calls that start a pool's own threads on this thread.
	 * @return the mark before, for {@link #exitInfrastructure(boolean)}
	 */
	public static boolean enterInfrastructure() {
		boolean previous = infrastructure.get();
		if (!previous) {
			infrastructure.set(Boolean.TRUE);
		}
		return previous;
	}

	/**
	 * End the mark of {@link #enterInfrastructure()}.
	 * @param previous what it returned
	 */
	public static void exitInfrastructure(boolean previous) {
		if (!previous) {
			infrastructure.set(Boolean.FALSE);
		}
	}

	/**
	 * A thread is being started: its resource is created now, on the starting thread.
	 * @param thread the thread
	 * @return the resource, or {@code null} when the thread is infrastructure or was
	 * started already
	 */
	public static @Nullable Object starting(Thread thread) {
		if (thread.getState() != Thread.State.NEW || started.containsKey(thread) || isInfrastructure(thread)) {
			return null;
		}
		runInstrumented.get(thread.getClass());
		Object resource = tasks.task(ResourceTypes.THREAD, thread);
		started.put(thread, resource);
		return resource;
	}

	/**
	 * {@code start()} threw: the thread will not run.
	 * @param thread the thread
	 * @param resource what {@link #starting} returned
	 */
	public static void notStarted(Thread thread, @Nullable Object resource) {
		if (resource != null && started.remove(thread, resource)) {
			tasks.end(resource);
		}
	}

	/**
	 * A thread's {@code run()} starts.
	 * @param thread the thread whose {@code run()} it is
	 * @return the resource entered, or {@code null} (not the thread's own outermost run,
	 * or not a resource)
	 */
	public static @Nullable Object running(Thread thread) {
		if (Thread.currentThread() != thread) {
			return null;
		}
		Object resource = started.get(thread);
		return (resource != null && tasks.enter(resource)) ? resource : null;
	}

	/**
	 * A thread's {@code run()} returns (or throws).
	 * @param thread the thread
	 * @param resource what {@link #running} returned
	 */
	public static void ran(Thread thread, @Nullable Object resource) {
		if (resource != null) {
			started.remove(thread, resource);
			tasks.exit(resource);
		}
	}

	/**
	 * A platform thread exits: a resource whose run was not seen ends now.
	 * @param thread the thread
	 */
	public static void exited(Thread thread) {
		Object resource = started.remove(thread);
		if (resource != null) {
			tasks.end(resource);
		}
	}

	private static boolean isInfrastructure(Thread thread) {
		return thread instanceof ForkJoinWorkerThread || INFRASTRUCTURE_TYPES.contains(thread.getClass().getName())
				|| infrastructure.get();
	}

	private static boolean instrumentRun(Class<?> type) {
		Instrumentation instrumentation = Threads.instrumentation;
		if (type == Thread.class || instrumentation == null || type.getName().equals("java.lang.VirtualThread")) {
			return true;
		}
		try {
			Method run = type.getMethod("run");
			Class<?> declaring = run.getDeclaringClass();
			if (declaring == Thread.class || !instrumentation.isModifiableClass(declaring)) {
				return true;
			}
			if (subclassesToInstrument.add(declaring)) {
				Module module = declaring.getModule();
				if (module.isNamed() && !module.canRead(Threads.class.getModule())) {
					instrumentation.redefineModule(module, Set.of(Threads.class.getModule()), Map.of(), Map.of(),
							Set.of(), Map.of());
				}
				instrumentation.retransformClasses(declaring);
			}
			return true;
		}
		catch (Throwable ex) {
			return false;
		}
	}

}
