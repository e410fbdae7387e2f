package dev.asynchooks;

/**
 * What the engine does when a hook callback throws. In every case the failure is reported
 * first, to the {@link HookErrorReporter} in force: by default its stack trace is printed
 * to {@code System.err}, led by the exception's own {@code toString()}. The policy is
 * process-wide: see {@link AsyncHooks#setHookErrorPolicy(HookErrorPolicy)} and the system
 * property {@code asynchooks.onHookError=exit|halt|disable-hook}.
 *
 * @since 0.1.0
 */
public enum HookErrorPolicy {

	/**
	 * Call {@code System.exit(1)}, as Node does: shutdown hooks run, the exception never
	 * reaches the application and no {@code UncaughtExceptionHandler} is consulted. The
	 * default.
	 */
	EXIT,

	/**
	 * Call {@code Runtime.getRuntime().halt(1)}: the process stops at once, without
	 * running shutdown hooks (Node's {@code --abort-on-uncaught-exception}).
	 */
	HALT,

	/**
	 * Disable the failing hook and keep running: the event still reaches the hooks after
	 * it, and the application never sees the exception. Meant for production servers,
	 * where a faulty diagnostic hook must not take the service down.
	 */
	DISABLE_HOOK

}
