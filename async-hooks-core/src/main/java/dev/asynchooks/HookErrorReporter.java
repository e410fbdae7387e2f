package dev.asynchooks;

/**
 * Where the engine reports a hook callback that threw, before it applies the
 * {@link HookErrorPolicy}. There is one reporter per process, set with
 * {@link AsyncHooks#setHookErrorReporter(HookErrorReporter)}; by default it is
 * {@link #standardError()}, which prints the stack trace to {@code System.err} as Node
 * does. A framework routes reports to the application's logging by setting its own (the
 * Spring Boot starter logs them through SLF4J).
 * <p>
 * The reporter is called once per failure, on the thread whose hook callback threw,
 * inside the hook dispatch (work it starts is invisible to hooks, SPEC rule 7). It must
 * not throw: an exception it throws is printed to {@code System.err} and the policy is
 * applied anyway.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HookErrorReporter {

	/**
	 * Report a hook callback that threw.
	 * @param hook the hook whose callback threw
	 * @param event the callback: {@code init}, {@code before}, {@code after},
	 * {@code destroy} or {@code promiseResolve}
	 * @param asyncId the resource the event was about
	 * @param failure what the callback threw
	 * @param policy the policy the engine applies once the reporter returns
	 */
	void report(AsyncHook hook, String event, long asyncId, Throwable failure, HookErrorPolicy policy);

	/**
	 * The default reporter: prints the failure's stack trace to {@code System.err}, led
	 * by the exception's own {@code toString()} (SPEC rule 8). With it, the engine also
	 * logs through {@link System.Logger} {@code dev.asynchooks} that a hook was disabled.
	 * @return the reporter that writes to standard error
	 */
	static HookErrorReporter standardError() {
		return HookErrors.STANDARD_ERROR;
	}

}
