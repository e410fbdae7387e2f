package dev.asynchooks;

import dev.asynchooks.concurrent.TrackedCompletableFuture;

/**
 * Test support: the program {@link HookErrorPolicyTests} runs in a child JVM. It sets the
 * policy named by its argument, enables a hook that throws in {@code promiseResolve},
 * completes a promise and reports on stdout what the application saw.
 */
final class PromiseResolveFailureChild {

	static final String SHUTDOWN_HOOK_RAN = "shutdown hook ran";

	static final String APPLICATION_CONTINUED = "application continued";

	static final String FAILURE = new IllegalStateException("test_promiseResolve_callback").toString();

	private PromiseResolveFailureChild() {
	}

	public static void main(String[] args) {
		AsyncHooks.setHookErrorPolicy(HookErrorPolicy.valueOf(args[0]));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(SHUTDOWN_HOOK_RAN)));
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> System.out.println("uncaught " + ex));
		AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void promiseResolve(long asyncId) {
				throw new IllegalStateException("test_promiseResolve_callback");
			}

		}).enable();
		try {
			TrackedCompletableFuture<String> future = new TrackedCompletableFuture<>();
			future.complete("value");
			System.out.println(APPLICATION_CONTINUED + " with " + future.join());
		}
		catch (Throwable ex) {
			System.out.println("application saw " + ex);
		}
	}

}
