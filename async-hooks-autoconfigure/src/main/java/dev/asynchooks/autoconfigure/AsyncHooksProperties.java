package dev.asynchooks.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.HookErrorPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for async-hooks.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("async-hooks")
public class AsyncHooksProperties {

	/**
	 * Whether async-hooks is auto-configured: hook beans, executors, schedulers, '@Async'
	 * methods, web requests, the endpoint and the meters.
	 */
	private boolean enabled = true;

	/**
	 * What happens when a hook callback throws, after the failure is logged:
	 * 'disable-hook' (disable the failing hook and keep running), 'exit' (shut the
	 * application down with status 1, without waiting for the thread whose hook failed)
	 * or 'halt' (Runtime.halt(1), no shutdown at all).
	 */
	private HookErrorPolicy errorPolicy = HookErrorPolicy.DISABLE_HOOK;

	private final Task task = new Task();

	private final Async async = new Async();

	private final Logging logging = new Logging();

	private final ContextPropagation contextPropagation = new ContextPropagation();

	private final Propagation propagation = new Propagation();

	private final Webmvc webmvc = new Webmvc();

	private final Restclient restclient = new Restclient();

	private final Webflux webflux = new Webflux();

	private final Reactor reactor = new Reactor();

	private final Webclient webclient = new Webclient();

	private final Quartz quartz = new Quartz();

	private final LiveResourceTracking liveResources = new LiveResourceTracking();

	private final CreationSites creationSites = new CreationSites();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public HookErrorPolicy getErrorPolicy() {
		return this.errorPolicy;
	}

	public void setErrorPolicy(HookErrorPolicy errorPolicy) {
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

	public ContextPropagation getContextPropagation() {
		return this.contextPropagation;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Webmvc getWebmvc() {
		return this.webmvc;
	}

	public Restclient getRestclient() {
		return this.restclient;
	}

	public Webflux getWebflux() {
		return this.webflux;
	}

	public Reactor getReactor() {
		return this.reactor;
	}

	public Webclient getWebclient() {
		return this.webclient;
	}

	public Quartz getQuartz() {
		return this.quartz;
	}

	public LiveResourceTracking getLiveResources() {
		return this.liveResources;
	}

	public CreationSites getCreationSites() {
		return this.creationSites;
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
			 * Whether tasks run by the auto-configured task executor, by Spring executor
			 * beans and by java.util.concurrent executor beans declared by their
			 * interface are EXECUTOR_TASK resources (Timeout for the delayed and periodic
			 * tasks of a ScheduledExecutorService bean).
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
			 * included, are Timeout resources: one per registration, with a before/after
			 * pair per run.
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
	 * Properties of '@Async' methods.
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
	 * Micrometer context-propagation properties.
	 */
	public static class ContextPropagation {

		/**
		 * Whether the AsyncLocalStorage context is registered as a ThreadLocalAccessor
		 * with Micrometer's ContextRegistry (when io.micrometer:context-propagation is on
		 * the classpath), so that ContextSnapshot, Reactor and Observation carry it.
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
	 * Properties of what resources carry from where they are created to their runs.
	 */
	public static class Propagation {

		/**
		 * Whether every resource carries the values of the ThreadLocalAccessors
		 * registered in Micrometer's ContextRegistry (the current Observation and span,
		 * the security context, the MDC) from where it is created to each of its runs,
		 * and restores the thread's own values afterwards.
		 */
		private boolean threadLocalAccessors = true;

		/**
		 * Whether the whole SLF4J MDC is registered as a ThreadLocalAccessor
		 * (Micrometer's Slf4jThreadLocalAccessor), so that it is carried too.
		 */
		private boolean mdc = true;

		public boolean isThreadLocalAccessors() {
			return this.threadLocalAccessors;
		}

		public void setThreadLocalAccessors(boolean threadLocalAccessors) {
			this.threadLocalAccessors = threadLocalAccessors;
		}

		public boolean isMdc() {
			return this.mdc;
		}

		public void setMdc(boolean mdc) {
			this.mdc = mdc;
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
	 * Spring MVC (servlet) properties.
	 */
	public static class Webmvc {

		/**
		 * Whether each request of a servlet web application is an HTTPINCOMINGMESSAGE
		 * resource in which its handler code runs.
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
	 * RestClient and RestTemplate properties.
	 */
	public static class Restclient {

		/**
		 * Whether each RestClient and RestTemplate exchange is an HTTPCLIENTREQUEST
		 * resource.
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
	 * WebFlux properties.
	 */
	public static class Webflux {

		/**
		 * Whether each WebFlux exchange is an HTTPINCOMINGMESSAGE resource in which its
		 * handler code runs.
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
	 * Project Reactor properties.
	 */
	public static class Reactor {

		/**
		 * Whether each task scheduled on a Reactor Scheduler (publishOn, subscribeOn,
		 * Mono.delay, ...) is a REACTOR_TASK resource that carries the scheduling
		 * context's AsyncLocalStorage stores.
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
	 * WebClient properties.
	 */
	public static class Webclient {

		/**
		 * Whether each exchange of a WebClient built from the auto-configured
		 * WebClient.Builder is an HTTPCLIENTREQUEST resource.
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
	 * Quartz properties.
	 */
	public static class Quartz {

		/**
		 * Whether each trigger of a Spring SchedulerFactoryBean is a Timeout resource,
		 * with a before/after pair around each job it fires.
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

	/**
	 * Creation-site properties: where each live resource was created, shown as 'site' by
	 * the 'asynchooks' endpoint.
	 */
	public static class CreationSites {

		/**
		 * Whether the live-resource registry records where each resource was created (the
		 * first stack frame outside the JDK, this library and the excluded packages).
		 * Applies to resources created after it is set.
		 */
		private boolean enabled = true;

		/**
		 * Class name prefixes of the framework code that only passes work along, skipped
		 * when looking for a resource's creation site. This library's own classes are
		 * always skipped.
		 */
		private List<String> excludedPackages = new ArrayList<>(
				dev.asynchooks.live.CreationSites.DEFAULT_EXCLUDED_PACKAGES);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getExcludedPackages() {
			return this.excludedPackages;
		}

		public void setExcludedPackages(List<String> excludedPackages) {
			this.excludedPackages = excludedPackages;
		}

	}

}
