package dev.asynchooks.internal;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.HookErrorPolicy;

/**
 * What happens when a hook callback throws: the {@link HookErrorPolicy} in force, set by
 * {@code AsyncHooks.setHookErrorPolicy} or the system property {@value #PROPERTY}.
 */
public final class HookErrors {

	public static final String PROPERTY = "asynchooks.onHookError";

	private static final System.Logger logger = System.getLogger("dev.asynchooks");

	private static volatile HookErrorPolicy policy = policyFromProperty(System.getProperty(PROPERTY));

	private HookErrors() {
	}

	public static HookErrorPolicy policy() {
		return policy;
	}

	public static void setPolicy(HookErrorPolicy policy) {
		HookErrors.policy = Objects.requireNonNull(policy, "'policy' must not be null");
	}

	/**
	 * Parse a policy as written in the system property: {@code exit}, {@code halt} or
	 * {@code disable-hook} (case and {@code -}/{@code _} do not matter).
	 * @param value the property value, or {@code null} when it is not set
	 * @return the policy, {@code EXIT} when not set
	 * @throws IllegalArgumentException naming the value when it is none of these
	 */
	public static HookErrorPolicy policyFromProperty(String value) {
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

	static void handle(AsyncHook hook, String callback, Throwable failure) {
		HookErrorPolicy policy = HookErrors.policy;
		failure.printStackTrace();
		System.err.flush();
		switch (policy) {
			case DISABLE_HOOK -> {
				hook.disable();
				logger.log(Level.WARNING, "Disabled " + hook + " after its " + callback + " callback threw " + failure);
			}
			case HALT -> Runtime.getRuntime().halt(1);
			case EXIT -> exit();
		}
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
