package dev.asynchooks.autoconfigure;

import dev.asynchooks.HookErrorPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for async-hooks.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("async-hooks")
public class AsyncHooksProperties {

	/**
	 * Whether async-hooks is auto-configured: hook beans, executor, scheduler and
	 * {@code @Async} integrations.
	 */
	private boolean enabled = true;

	/**
	 * What the engine does when a hook callback throws: 'exit' (System.exit(1)), 'halt'
	 * (Runtime.halt(1)) or 'disable-hook' (disable the failing hook and keep running).
	 * When not set, the engine's policy is left as it is (the 'asynchooks.onHookError'
	 * system property, else 'exit').
	 */
	private @Nullable HookErrorPolicy errorPolicy;

	private final Task task = new Task();

	private final Async async = new Async();

	private final Logging logging = new Logging();

	private final LiveResourceTracking liveResources = new LiveResourceTracking();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable HookErrorPolicy getErrorPolicy() {
		return this.errorPolicy;
	}

	public void setErrorPolicy(@Nullable HookErrorPolicy errorPolicy) {
		this.errorPolicy = errorPolicy;
	}

	public Task getTask() {
		return this.task;
	}

	public Async getAsync() {
		return this.async;
	}

	public Logging getLogging() {
		return this.logging;
	}

	public LiveResourceTracking getLiveResources() {
		return this.liveResources;
	}

	/**
	 * Task execution and scheduling properties.
	 */
	public static class Task {

		private final Executor executor = new Executor();

		private final Scheduling scheduling = new Scheduling();

		public Executor getExecutor() {
			return this.executor;
		}

		public Scheduling getScheduling() {
			return this.scheduling;
		}

		/**
		 * Executor properties.
		 */
		public static class Executor {

			/**
			 * Whether tasks run by the auto-configured task executor and by Spring
			 * executor beans are EXECUTOR_TASK resources.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		/**
		 * Scheduling properties.
		 */
		public static class Scheduling {

			/**
			 * Whether tasks scheduled on Spring task schedulers, @Scheduled methods
			 * included, are Timeout resources.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * {@code @Async} properties.
	 */
	public static class Async {

		/**
		 * Whether each @Async method invocation is an ASYNC_METHOD resource.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Logging properties.
	 */
	public static class Logging {

		/**
		 * Whether the SLF4J MDC holds 'asyncId' and 'triggerAsyncId' while a resource's
		 * callback runs.
		 */
		private boolean mdc = true;

		public boolean isMdc() {
			return this.mdc;
		}

		public void setMdc(boolean mdc) {
			this.mdc = mdc;
		}

	}

	/**
	 * Live-resource registry properties (the data behind the 'asynchooks' actuator
	 * endpoint and the 'asynchooks.resources.*' meters).
	 */
	public static class LiveResourceTracking {

		/**
		 * Whether live resources are tracked.
		 */
		private boolean enabled = true;

		/**
		 * The most live resources tracked at once; past it, new resources are only
		 * counted (as dropped).
		 */
		private int maxTracked = 100_000;

		/**
		 * Whether each run of a resource is timed (the 'asynchooks.resources.run' timer).
		 * It reads the clock twice per run.
		 */
		private boolean timeRuns = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxTracked() {
			return this.maxTracked;
		}

		public void setMaxTracked(int maxTracked) {
			this.maxTracked = maxTracked;
		}

		public boolean isTimeRuns() {
			return this.timeRuns;
		}

		public void setTimeRuns(boolean timeRuns) {
			this.timeRuns = timeRuns;
		}

	}

}
