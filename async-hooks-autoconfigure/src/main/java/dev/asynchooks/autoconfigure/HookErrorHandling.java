package dev.asynchooks.autoconfigure;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookErrorPolicy;
import dev.asynchooks.HookErrorReporter;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.ClassUtils;

/**
 * Applies {@code async-hooks.error-policy} to the engine, with a
 * {@link LoggingHookErrorReporter} when SLF4J is present, while the context lives; when
 * the context closes, puts back what was there before, unless something else changed it
 * meanwhile (another context, the application). So a closed context, in a test JVM for
 * example, leaves no reporter behind that would end the process.
 *
 * @since 0.1.0
 */
public class HookErrorHandling implements DisposableBean {

	private static final boolean slf4jPresent = ClassUtils.isPresent("org.slf4j.LoggerFactory",
			HookErrorHandling.class.getClassLoader());

	private final HookErrorPolicy previousPolicy;

	private final HookErrorReporter previousReporter;

	private final HookErrorPolicy policy;

	private final HookErrorReporter reporter;

	/**
	 * Apply a policy to the engine.
	 * @param policy the policy from {@code async-hooks.error-policy}
	 */
	public HookErrorHandling(HookErrorPolicy policy) {
		this.previousPolicy = AsyncHooks.hookErrorPolicy();
		this.previousReporter = AsyncHooks.hookErrorReporter();
		if (slf4jPresent) {
			// under 'exit' the reporter ends the process on a thread of its own, so the
			// failing thread is not held in System.exit while shutdown waits for it
			this.reporter = new LoggingHookErrorReporter(policy == HookErrorPolicy.EXIT);
			this.policy = (policy != HookErrorPolicy.EXIT) ? policy : HookErrorPolicy.DISABLE_HOOK;
		}
		else {
			this.reporter = this.previousReporter;
			this.policy = policy;
		}
		AsyncHooks.setHookErrorReporter(this.reporter);
		AsyncHooks.setHookErrorPolicy(this.policy);
	}

	@Override
	public void destroy() {
		if (AsyncHooks.hookErrorReporter() == this.reporter && AsyncHooks.hookErrorPolicy() == this.policy) {
			AsyncHooks.setHookErrorReporter(this.previousReporter);
			AsyncHooks.setHookErrorPolicy(this.previousPolicy);
		}
	}

}
