package dev.asynchooks.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.live.LiveResource;
import dev.asynchooks.live.LiveResources;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit Jupiter extension that fails a test which leaves asynchronous work alive, and
 * prints the live tree of asynchronous resources when a test times out.
 * <p>
 * With {@code @ExtendWith(AsyncHooksExtension.class)} on a test class, each test that
 * returns while a resource it created is still alive fails, once a grace period (2
 * seconds, or the system property {@value #GRACE_PERIOD_PROPERTY} as an ISO-8601 duration
 * such as {@code PT0.5S}) has passed without the resource ending: the failure message is
 * the text tree of those resources. A resource counts as created by the test when the
 * test's code created it while the test ran (on the test's thread, or on any thread
 * inside a resource that the test created), not inside the run of a resource that was
 * already alive: the server and timers of a shared Spring context, and the work their
 * runs create, never fail a test. A test that fails on its own is not checked again for
 * leaks.
 * <p>
 * When a test times out ({@code @Timeout}, {@code assertTimeoutPreemptively}), the tree
 * of every live resource is printed to {@code System.err} and added to the failure as a
 * suppressed exception.
 * <p>
 * The extension sees resources through one {@link LiveResources} registry and one hook
 * for the whole JVM, enabled when the extension is first loaded and never disabled; they
 * see every resource created after that, on any thread.
 */
public final class AsyncHooksExtension implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

	/** The system property that sets the grace period, an ISO-8601 duration. */
	public static final String GRACE_PERIOD_PROPERTY = "asynchooks.test.grace-period";

	static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(2);

	// the most resources a failure message or a timeout's tree shows
	static final int MAX_SHOWN = 200;

	private static final Namespace NAMESPACE = Namespace.create(AsyncHooksExtension.class);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	@Override
	public void beforeEach(ExtensionContext context) {
		Registry.get();
		context.getStore(NAMESPACE).put(Creations.class, Registry.startRecording());
	}

	@Override
	public void afterEach(ExtensionContext context) throws InterruptedException {
		Creations creations = context.getStore(NAMESPACE).remove(Creations.class, Creations.class);
		if (creations == null) {
			return;
		}
		try {
			if (context.getExecutionException().isPresent()) {
				return;
			}
			LiveResources registry = Registry.get();
			Duration grace = gracePeriod();
			long deadline = System.nanoTime() + grace.toNanos();
			List<LiveResource> leaked = leaked(registry, creations);
			while (!leaked.isEmpty() && System.nanoTime() - deadline < 0) {
				Thread.sleep(POLL_INTERVAL.toMillis());
				leaked = leaked(registry, creations);
			}
			if (!leaked.isEmpty()) {
				throw new AssertionError(leaked.size() + " asynchronous resource"
						+ ((leaked.size() == 1) ? " that this test created is" : "s that this test created are")
						+ " still alive " + LiveResourceText.format(grace) + " after it returned:\n"
						+ LiveResourceText.tree(leaked, MAX_SHOWN));
			}
		}
		finally {
			Registry.stopRecording(creations);
		}
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		if (isTimeout(throwable)) {
			List<LiveResource> live = all(Registry.get());
			String tree = "Live asynchronous resources when " + context.getDisplayName() + " timed out (" + live.size()
					+ "):\n" + LiveResourceText.tree(live, MAX_SHOWN);
			System.err.println(tree);
			throwable.addSuppressed(new LiveResourcesAtTimeout(tree));
		}
		throw throwable;
	}

	private static List<LiveResource> leaked(LiveResources registry, Creations creations) {
		List<LiveResource> leaked = new ArrayList<>();
		for (LiveResource resource : all(registry)) {
			if (creations.byTest(resource.asyncId())) {
				leaked.add(resource);
			}
		}
		return leaked;
	}

	private static List<LiveResource> all(LiveResources registry) {
		int limit = (int) Math.min(Integer.MAX_VALUE, Math.max(1, registry.tracked() + 1024));
		LiveResources.Forest forest = registry.forest(LiveResources.ParentLink.TRIGGER, null, limit);
		List<LiveResource> resources = new ArrayList<>(forest.included());
		List<LiveResources.Node> pending = new ArrayList<>(forest.nodes());
		while (!pending.isEmpty()) {
			LiveResources.Node node = pending.remove(pending.size() - 1);
			resources.add(node.resource());
			pending.addAll(node.children());
		}
		return resources;
	}

	private static boolean isTimeout(Throwable throwable) {
		for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException
					|| cause.getClass().getName().endsWith("AssertTimeoutPreemptively$ExecutionTimeoutException")) {
				return true;
			}
			String message = cause.getMessage();
			if (message != null && message.startsWith("execution timed out after")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	static Duration gracePeriod() {
		String value = System.getProperty(GRACE_PERIOD_PROPERTY);
		if (value == null || value.isBlank()) {
			return DEFAULT_GRACE_PERIOD;
		}
		try {
			Duration grace = Duration.parse(value.trim());
			if (grace.isNegative()) {
				throw new IllegalArgumentException("negative");
			}
			return grace;
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Invalid value '" + value + "' for system property '"
					+ GRACE_PERIOD_PROPERTY + "': expected an ISO-8601 duration such as PT2S", ex);
		}
	}

	/**
	 * The resources created while one test ran, each with the execution context that
	 * created it.
	 */
	static final class Creations {

		private final Map<Long, Long> creators = new ConcurrentHashMap<>();

		void created(long asyncId, long executionAsyncId) {
			this.creators.put(asyncId, executionAsyncId);
		}

		/**
		 * Whether the test made the resource: it was created while the test ran, by the
		 * test's own code (no execution context, as on the test's thread) or inside a
		 * resource the test made, not inside the run of one that was alive before (the
		 * timers and servers of a shared context).
		 */
		boolean byTest(long asyncId) {
			Set<Long> seen = new HashSet<>();
			long id = asyncId;
			while (seen.add(id)) {
				Long creator = this.creators.get(id);
				if (creator == null) {
					return false;
				}
				if (creator <= 1) {
					return true;
				}
				id = creator;
			}
			return false;
		}

	}

	/** The registry the extension reads: one for the JVM, enabled on first use. */
	static final class Registry {

		private static final List<Creations> recording = new CopyOnWriteArrayList<>();

		private static final LiveResources REGISTRY = new LiveResources();

		private static final AsyncHook CREATIONS = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
				// inside init the execution context is the creator's
				long creator = AsyncHooks.executionAsyncId();
				for (Creations creations : recording) {
					creations.created(asyncId, creator);
				}
			}

		});

		static {
			get();
		}

		private Registry() {
		}

		static LiveResources get() {
			// an engine reset in another test may have disabled them: what was created
			// meanwhile is not seen, and so never blamed
			if (!REGISTRY.hook().isEnabled()) {
				REGISTRY.hook().enable();
			}
			if (!CREATIONS.isEnabled()) {
				CREATIONS.enable();
			}
			return REGISTRY;
		}

		static Creations startRecording() {
			Creations creations = new Creations();
			recording.add(creations);
			return creations;
		}

		static void stopRecording(Creations creations) {
			recording.remove(creations);
		}

	}

	/** The live tree added to a timed-out test's failure. */
	static final class LiveResourcesAtTimeout extends RuntimeException {

		private static final long serialVersionUID = 1L;

		LiveResourcesAtTimeout(String tree) {
			super(tree, null, false, false);
		}

	}

}
