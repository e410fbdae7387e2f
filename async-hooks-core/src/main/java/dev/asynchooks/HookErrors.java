package dev.asynchooks;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What happens when a hook callback throws: the {@link HookErrorPolicy} in force, set by
 * {@code AsyncHooks.setHookErrorPolicy} or the system property {@value #PROPERTY}.
 */
final class HookErrors {

	static final String PROPERTY = "asynchooks.onHookError";

	private static final System.Logger logger = System.getLogger("dev.asynchooks");

	private static final LongAdder errors = new LongAdder();

	/** Prints to {@code System.err}: {@link HookErrorReporter#standardError()}. */
	static final HookErrorReporter STANDARD_ERROR = HookErrors::printToStandardError;

	// set by setPolicy; until then the system property decides, read when needed
	private static volatile @Nullable HookErrorPolicy policy;

	private static volatile HookErrorReporter reporter = STANDARD_ERROR;

	private HookErrors() {
	}

	/**
	 * The policy in force.
	 * @return the policy set by {@link #setPolicy}, else the one named by the system
	 * property
	 * @throws IllegalArgumentException naming the value when the property holds none
	 */
	static HookErrorPolicy policy() {
		HookErrorPolicy policy = HookErrors.policy;
		return (policy != null) ? policy : policyFromProperty(System.getProperty(PROPERTY));
	}

	static void setPolicy(HookErrorPolicy policy) {
		HookErrors.policy = Objects.requireNonNull(policy, "'policy' must not be null");
	}

	static HookErrorReporter reporter() {
		return reporter;
	}

	static void setReporter(HookErrorReporter reporter) {
		HookErrors.reporter = Objects.requireNonNull(reporter, "'reporter' must not be null");
	}

	/**
	 * Parse a policy as written in the system property: {@code exit}, {@code halt} or
	 * {@code disable-hook} (case and {@code -}/{@code _} do not matter).
	 * @param value the property value, or {@code null} when it is not set
	 * @return the policy, {@code EXIT} when not set
	 * @throws IllegalArgumentException naming the value when it is none of these
	 */
	static HookErrorPolicy policyFromProperty(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return HookErrorPolicy.EXIT;
		}
		String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (HookErrorPolicy candidate : HookErrorPolicy.values()) {
			if (candidate.name().equals(name)) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("Invalid value '" + value + "' for system property '" + PROPERTY
				+ "': expected one of exit, halt, disable-hook");
	}

	/**
	 * How many hook callbacks threw since the JVM started.
	 * @return the number of failures handled
	 */
	static long count() {
		return errors.sum();
	}

	static void handle(AsyncHook hook, String event, long asyncId, Throwable failure) {
		errors.increment();
		HookErrorPolicy policy;
		try {
			policy = policy();
		}
		catch (IllegalArgumentException ex) {
			// a misspelt property must not save the process from a failing hook
			System.err.println(ex);
			policy = HookErrorPolicy.EXIT;
		}
		HookErrorReporter reporter = HookErrors.reporter;
		try {
			reporter.report(hook, event, asyncId, failure, policy);
		}
		catch (Throwable ex) {
			// the policy is applied whatever the reporter does
			failure.printStackTrace();
			ex.printStackTrace();
		}
		System.err.flush();
		switch (policy) {
			case DISABLE_HOOK -> {
				// a hook failing on several threads at once is disabled, and the default
				// reporter says so, once
				if (HookRegistry.disable(hook) && reporter == STANDARD_ERROR) {
					logger.log(Level.WARNING,
							"Disabled " + hook + " after its " + event + " callback threw " + failure);
				}
			}
			case HALT -> Runtime.getRuntime().halt(1);
			case EXIT -> exit();
		}
	}

	private static void printToStandardError(AsyncHook hook, String event, long asyncId, Throwable failure,
			HookErrorPolicy policy) {
		failure.printStackTrace();
	}

	private static void exit() {
		try {
			System.exit(1);
		}
		catch (RuntimeException ex) {
			// a security manager refused the exit: a failing hook must still stop the
			// process
			Runtime.getRuntime().halt(1);
		}
	}

}
