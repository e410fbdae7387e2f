package dev.asynchooks;

/**
 * Test support: the program that {@link HookErrorPolicyTests} runs in a child JVM. It
 * enables a hook whose callback named by the second argument throws, then creates, runs
 * and destroys one resource, and reports on stdout what the application saw. Usage:
 * {@code HookErrorPolicyChild <EXIT|HALT|DISABLE_HOOK|-> <init|before|after|destroy|none|create>
 * [thread]}; {@code -} leaves the policy to the system property, {@code none} only prints
 * the policy in force, {@code thread} raises the events on a new thread.
 */
final class HookErrorPolicyChild {

	static final String SHUTDOWN_HOOK_RAN = "shutdown hook ran";

	static final String UNCAUGHT_HANDLER_RAN = "uncaught exception handler ran";

	static final String CALLBACK_RAN = "callback ran";

	static final String APPLICATION_CONTINUED = "application continued";

	static final String APPLICATION_SAW = "application saw ";

	private HookErrorPolicyChild() {
	}

	public static void main(String[] args) throws Exception {
		String policy = args[0];
		String callback = args[1];
		boolean onThread = args.length > 2 && args[2].equals("thread");
		if (!policy.equals("-")) {
			AsyncHooks.setHookErrorPolicy(HookErrorPolicy.valueOf(policy));
		}
		if (callback.equals("create")) {
			try {
				AsyncHooks.createHook(new FailingCallbacks("init"));
				System.out.println("createHook succeeded");
			}
			catch (IllegalArgumentException ex) {
				System.out.println("createHook failed: " + ex.getMessage());
			}
			return;
		}
		System.out.println("policy=" + AsyncHooks.hookErrorPolicy());
		if (callback.equals("none")) {
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(SHUTDOWN_HOOK_RAN)));
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> System.out.println(UNCAUGHT_HANDLER_RAN));
		AsyncHooks.createHook(new FailingCallbacks(callback)).enable();
		Runnable application = () -> {
			try {
				AsyncResource resource = new AsyncResource("CHILD");
				resource.runInAsyncScope(() -> System.out.println(CALLBACK_RAN));
				resource.emitDestroy();
				System.out.println(APPLICATION_CONTINUED);
			}
			catch (Throwable ex) {
				System.out.println(APPLICATION_SAW + ex);
			}
		};
		if (onThread) {
			Thread thread = new Thread(application, "application");
			thread.start();
			thread.join();
		}
		else {
			application.run();
		}
	}

	/** Throws from one callback, with a message naming it. */
	private static final class FailingCallbacks implements HookCallbacks {

		private final String callback;

		FailingCallbacks(String callback) {
			this.callback = callback;
		}

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
			fail("init");
		}

		@Override
		public void before(long asyncId) {
			fail("before");
		}

		@Override
		public void after(long asyncId) {
			fail("after");
		}

		@Override
		public void destroy(long asyncId) {
			fail("destroy");
		}

		private void fail(String name) {
			if (name.equals(this.callback)) {
				throw new IllegalStateException("test_" + name + "_callback");
			}
		}

	}

}
