package dev.asynchooks.autoconfigure.context;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.AsyncHooksProperties;
import io.micrometer.context.ContextRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of what resources carry besides their {@code AsyncLocalStorage}
 * stores: the values of the {@code ThreadLocalAccessor}s registered in Micrometer's
 * {@link ContextRegistry} ({@code async-hooks.propagation.thread-local-accessors}), and
 * the SLF4J MDC among them ({@code async-hooks.propagation.mdc}, with
 * {@link MdcThreadLocalAccessor}, unless the application registered Micrometer's
 * {@code Slf4jThreadLocalAccessor}, which nothing registers by default). Spring
 * Security's {@code SecurityContextHolderThreadLocalAccessor} and Micrometer's
 * {@code ObservationThreadLocalAccessor} register themselves through the
 * {@link java.util.ServiceLoader}, so they are carried without anything here.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncHooks.class, ContextRegistry.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
public final class AsyncHooksPropagationAutoConfiguration {

	// the key of Micrometer's io.micrometer.context.integration.Slf4jThreadLocalAccessor
	static final String SLF4J_ACCESSOR_KEY = "cp.slf4j";

	@Bean
	ThreadLocalAccessorPropagation asyncHooksThreadLocalAccessorPropagation(AsyncHooksProperties properties) {
		return new ThreadLocalAccessorPropagation(properties.getPropagation().isThreadLocalAccessors());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MDC.class)
	@ConditionalOnBooleanProperty(name = "async-hooks.propagation.thread-local-accessors", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "async-hooks.propagation.mdc", matchIfMissing = true)
	static final class MdcPropagationConfiguration {

		@Bean
		ThreadLocalAccessorRegistration asyncHooksMdcAccessorRegistration() {
			// not beside Micrometer's own whole-MDC accessor, when the application
			// registered it
			return new ThreadLocalAccessorRegistration(MdcThreadLocalAccessor.KEY, MdcThreadLocalAccessor::new,
					SLF4J_ACCESSOR_KEY);
		}

	}

	/**
	 * Switches the propagation of thread-local accessors as configured while the
	 * application runs, and back when it stops.
	 */
	static final class ThreadLocalAccessorPropagation implements InitializingBean, DisposableBean {

		private static final Log logger = LogFactory.getLog(AsyncHooksPropagationAutoConfiguration.class);

		private final boolean propagate;

		private boolean before;

		ThreadLocalAccessorPropagation(boolean propagate) {
			this.propagate = propagate;
		}

		@Override
		public void afterPropertiesSet() {
			this.before = AsyncHooks.isPropagatingThreadLocalAccessors();
			AsyncHooks.setPropagateThreadLocalAccessors(this.propagate);
			if (this.propagate && !AsyncHooks.isPropagatingThreadLocalAccessors()) {
				// the engine's classes come from a loader that does not see Micrometer's,
				// and the agent's engine could not be bound to this one (see the core's
				// ThreadLocalPropagation)
				logger.warn("Resources do not carry Micrometer's ThreadLocalAccessors (span, Observation, "
						+ "SecurityContext, MDC): the async-hooks engine was loaded by " + loaderName()
						+ ", which does not see io.micrometer.context; AsyncLocalStorage stores are still carried. "
						+ "Put async-hooks-core (or, with the -javaagent, the agent jar) and "
						+ "io.micrometer:context-propagation in the same class loader");
			}
		}

		private static String loaderName() {
			ClassLoader loader = AsyncHooks.class.getClassLoader();
			return (loader != null) ? loader.toString() : "the bootstrap class loader (the -javaagent)";
		}

		@Override
		public void destroy() {
			AsyncHooks.setPropagateThreadLocalAccessors(this.before);
		}

	}

}
