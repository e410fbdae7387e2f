package dev.asynchooks.autoconfigure;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.HookErrorReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports hook callbacks that throw through SLF4J: one {@code ERROR} line per failure,
 * naming the hook, the callback and the resource, with the stack trace. Nothing is
 * written to {@code System.err}.
 * <p>
 * With {@code async-hooks.error-policy=exit} the engine is set to disable the failing
 * hook and this reporter ends the process itself: it calls {@code System.exit(1)} on a
 * thread of its own and returns. The thread whose hook callback threw (often a request
 * thread) is not held inside {@code System.exit}, so the application's graceful shutdown,
 * which waits for in-flight requests, does not wait for it; if the shutdown still takes
 * longer than {@link #EXIT_TIMEOUT_SECONDS} seconds (a long request, a stuck bean), the
 * process is halted with status 1.
 */
final class LoggingHookErrorReporter implements HookErrorReporter {

	/** How long shutdown hooks may run after an exit caused by a hook, in seconds. */
	static final long EXIT_TIMEOUT_SECONDS = 5;

	private static final Logger logger = LoggerFactory.getLogger(AsyncHook.class);

	private static final AtomicBoolean exiting = new AtomicBoolean();

	private final boolean exit;

	/**
	 * Create a reporter.
	 * @param exit whether a failure ends the process ({@code exit} policy)
	 */
	LoggingHookErrorReporter(boolean exit) {
		this.exit = exit;
	}

	@Override
	public void report(AsyncHook hook, String event, long asyncId, Throwable failure, HookErrorPolicy policy) {
		String outcome = this.exit ? "exiting (async-hooks.error-policy=exit)" : switch (policy) {
			case DISABLE_HOOK -> "the hook is disabled (async-hooks.error-policy=disable-hook)";
			case HALT -> "halting (async-hooks.error-policy=halt)";
			case EXIT -> "exiting";
		};
		logger.error("Hook {} threw in its {} callback for resource {}: {}", hook.callbacks().getClass().getName(),
				event, asyncId, outcome, failure);
		if (this.exit) {
			exit();
		}
	}

	private static void exit() {
		if (!exiting.compareAndSet(false, true)) {
			return;
		}
		Thread watchdog = new Thread(() -> {
			try {
				TimeUnit.SECONDS.sleep(EXIT_TIMEOUT_SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Runtime.getRuntime().halt(1);
		}, "async-hooks-exit-timeout");
		watchdog.setDaemon(true);
		watchdog.start();
		Thread exit = new Thread(() -> System.exit(1), "async-hooks-exit");
		exit.start();
	}

}
