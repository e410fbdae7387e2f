package dev.asynchooks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.jspecify.annotations.Nullable;

/**
 * The thread-local values that resources carry beside their storage context: those of the
 * {@code ThreadLocalAccessor}s registered in Micrometer's {@code ContextRegistry} (the
 * current Observation and span, a security context, the MDC), captured when a resource is
 * created and made current around each of its runs by {@link ThreadState}.
 * <p>
 * Micrometer context-propagation is optional: without it on the class path (or with
 * propagation switched off) {@link #capture()} returns {@code null} after one
 * {@code static final} test, and the class that talks to it is never loaded.
 * <p>
 * Under the agent the engine is on the bootstrap class path, which does not see the
 * application's Micrometer. There {@link RegisteredThreadLocals} is defined again in a
 * child of a class loader that does ({@link #bind}): the loader of the code that switches
 * the propagation on ({@code AsyncHooks.setPropagateThreadLocalAccessors(true)}, as the
 * starter does at startup) or, at the first capture, the thread's context class loader or
 * the system class loader. Its references to Micrometer resolve to the application's
 * classes, so it reads the application's one {@code ContextRegistry}.
 */
public final class ThreadLocalPropagation {

	/** The system property that switches the propagation off when {@code false}. */
	public static final String PROPERTY = "asynchooks.propagation.thread-local-accessors";

	/**
	 * The key under which the {@code AsyncLocalStorage} context itself is registered as a
	 * {@code ThreadLocalAccessor}: resources carry it already, so their capture skips it.
	 */
	public static final String STORAGE_ACCESSOR_KEY = "dev.asynchooks.AsyncLocalStorage";

	private static final String REGISTRY = "io.micrometer.context.ContextRegistry";

	// by name: under the agent the engine's own copy is never loaded
	private static final String CARRIER = "dev.asynchooks.internal.RegisteredThreadLocals";

	// the engine's own class loader sees Micrometer: RegisteredThreadLocals is called
	// directly
	private static final boolean LOCAL = detect();

	// the engine is on the bootstrap class path (the agent) and does not see Micrometer:
	// it may be bound to a class loader that does
	private static final boolean BINDABLE = !LOCAL && ThreadLocalPropagation.class.getClassLoader() == null;

	private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());

	// the RegisteredThreadLocals of the class loader bound to, once bound; never
	// replaced,
	// so that every capture is entered by the carrier that made it
	private static volatile @Nullable ThreadLocalCarrier carrier;

	// the jar the engine was loaded from, set by the agent: the JDK does not show the
	// resources of a jar appended to the bootstrap class path while it runs
	private static volatile @Nullable JarFile engineJar;

	// whether a capture has looked for a class loader already: only the first does, and
	// the captures made meanwhile on other threads carry nothing rather than wait
	private static final AtomicBoolean searched = new AtomicBoolean();

	private ThreadLocalPropagation() {
	}

	private static boolean detect() {
		try {
			Class.forName(REGISTRY, false, ThreadLocalPropagation.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Whether Micrometer context-propagation is on the class path of the engine, or of
	 * the class loader it is bound to.
	 * @return whether thread-local accessors can be carried at all
	 */
	public static boolean isAvailable() {
		return LOCAL || carrier != null;
	}

	public static boolean isEnabled() {
		return enabled;
	}

	public static void setEnabled(boolean enabled) {
		ThreadLocalPropagation.enabled = enabled;
	}

	/**
	 * Switch the propagation, on behalf of a caller: switching it on binds the engine to
	 * the caller's class loader when the engine's own does not see Micrometer.
	 * @param enabled whether to carry the accessors' values
	 * @param caller the class that asked, whose loader is bound to
	 */
	public static void setEnabled(boolean enabled, Class<?> caller) {
		if (enabled && BINDABLE && carrier == null) {
			bind(caller.getClassLoader());
		}
		ThreadLocalPropagation.enabled = enabled;
	}

	/**
	 * Read the class file that {@link #bind} defines from the jar the engine was loaded
	 * from, the agent's: a jar appended to the bootstrap class path at runtime shows no
	 * resources, and a copy found elsewhere may be of another version.
	 * @param jar the agent jar
	 */
	public static void useClassFilesOf(JarFile jar) {
		engineJar = jar;
	}

	/**
	 * The values of the registered accessors on this thread, for a resource created now.
	 * @return what {@link ThreadState#enter} makes current again, or {@code null} when
	 * there is nothing to carry
	 */
	public static @Nullable Object @Nullable [] capture() {
		if (LOCAL) {
			return enabled ? RegisteredThreadLocals.captureValues() : null;
		}
		if (!BINDABLE || !enabled) {
			return null;
		}
		ThreadLocalCarrier bound = carrier;
		if (bound == null) {
			if (searched.get() || !searched.compareAndSet(false, true)) {
				return null;
			}
			bound = search();
			if (bound == null) {
				return null;
			}
		}
		return bound.capture();
	}

	static @Nullable Object[] enter(@Nullable Object[] captured, @Nullable Object @Nullable [] saved) {
		if (LOCAL) {
			return RegisteredThreadLocals.enterValues(captured, saved);
		}
		// a capture was made by the bound carrier
		return carrier().enter(captured, saved);
	}

	static void restore(@Nullable Object[] saved) {
		if (LOCAL) {
			RegisteredThreadLocals.restoreValues(saved);
		}
		else {
			carrier().restore(saved);
		}
	}

	private static ThreadLocalCarrier carrier() {
		ThreadLocalCarrier bound = carrier;
		if (bound == null) {
			throw new IllegalStateException("No thread-local carrier bound");
		}
		return bound;
	}

	// the first capture of an engine that was not bound at startup: a plain application
	// with Micrometer on its class path
	private static @Nullable ThreadLocalCarrier search() {
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		ThreadLocalCarrier bound = (context != null) ? bind(context) : null;
		return (bound != null) ? bound : bind(ClassLoader.getSystemClassLoader());
	}

	/**
	 * Bind the engine, whose own class loader does not see Micrometer, to a class loader
	 * that does: {@link RegisteredThreadLocals} is defined in a child of it, and reads
	 * its {@code ContextRegistry}. Binds once: later calls return the carrier bound
	 * first.
	 * @param loader a class loader that may see Micrometer context-propagation
	 * @return the carrier bound, or {@code null} when the loader does not see Micrometer
	 * or the carrier cannot be made there
	 */
	static synchronized @Nullable ThreadLocalCarrier bind(@Nullable ClassLoader loader) {
		ThreadLocalCarrier bound = carrier;
		if (bound != null || loader == null || !BINDABLE) {
			return bound;
		}
		try {
			Class.forName(REGISTRY, false, loader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
		try {
			byte[] bytes = classFile();
			Class<?> type = new CarrierClassLoader(loader, bytes).loadClass(CARRIER);
			bound = (ThreadLocalCarrier) type.getConstructor().newInstance();
		}
		catch (Throwable ex) {
			// the logger only now: the agent names this class while the JVM starts
			System.getLogger("dev.asynchooks")
				.log(Level.WARNING, "Cannot carry Micrometer's ThreadLocalAccessors of " + loader
						+ "; resources carry their AsyncLocalStorage stores only", ex);
			return null;
		}
		carrier = bound;
		return bound;
	}

	private static byte[] classFile() throws IOException {
		String name = CARRIER.replace('.', '/') + ".class";
		JarFile jar = engineJar;
		JarEntry entry = (jar != null) ? jar.getJarEntry(name) : null;
		// without the agent's jar (-Xbootclasspath/a), the bootstrap class path's own
		try (InputStream in = (entry != null) ? jar.getInputStream(entry)
				: ThreadLocalPropagation.class.getResourceAsStream("/" + name)) {
			if (in == null) {
				throw new IOException("No class file " + name + " in "
						+ ((jar != null) ? jar.getName() : "the bootstrap class path"));
			}
			return in.readAllBytes();
		}
	}

	/**
	 * Defines {@link RegisteredThreadLocals} beside the application's Micrometer: its
	 * references to Micrometer resolve in the parent, those to the engine to the engine's
	 * own classes.
	 */
	private static final class CarrierClassLoader extends ClassLoader {

		static {
			registerAsParallelCapable();
		}

		private final byte[] bytes;

		CarrierClassLoader(ClassLoader parent, byte[] bytes) {
			super("async-hooks-thread-locals", parent);
			this.bytes = bytes;
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.equals(CARRIER)) {
				synchronized (getClassLoadingLock(name)) {
					Class<?> type = findLoadedClass(name);
					return (type != null) ? type : defineClass(name, this.bytes, 0, this.bytes.length);
				}
			}
			if (name.startsWith("dev.asynchooks.")) {
				return Class.forName(name, false, ThreadLocalPropagation.class.getClassLoader());
			}
			return super.loadClass(name, resolve);
		}

	}

}
