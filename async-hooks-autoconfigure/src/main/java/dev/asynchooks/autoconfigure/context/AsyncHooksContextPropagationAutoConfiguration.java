package dev.asynchooks.autoconfigure.context;

import java.util.concurrent.atomic.AtomicInteger;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import io.micrometer.context.ContextRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that registers the {@link AsyncLocalStorage} context with
 * Micrometer's {@link ContextRegistry} while the application runs.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AsyncHooksAutoConfiguration.class)
@ConditionalOnClass({ AsyncLocalStorage.class, ContextRegistry.class })
@ConditionalOnBooleanProperty(name = "async-hooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "async-hooks.context-propagation.enabled", matchIfMissing = true)
public final class AsyncHooksContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncLocalStorageThreadLocalAccessor asyncLocalStorageThreadLocalAccessor() {
		return new AsyncLocalStorageThreadLocalAccessor();
	}

	@Bean
	AsyncLocalStorageAccessorRegistration asyncLocalStorageAccessorRegistration(
			AsyncLocalStorageThreadLocalAccessor accessor) {
		return new AsyncLocalStorageAccessorRegistration(accessor);
	}

	/**
	 * Registers the accessor with the global {@link ContextRegistry} while at least one
	 * application context that wants it runs, and removes it when the last one closes.
	 */
	static final class AsyncLocalStorageAccessorRegistration implements InitializingBean, DisposableBean {

		private static final AtomicInteger registrations = new AtomicInteger();

		private final AsyncLocalStorageThreadLocalAccessor accessor;

		AsyncLocalStorageAccessorRegistration(AsyncLocalStorageThreadLocalAccessor accessor) {
			this.accessor = accessor;
		}

		@Override
		public void afterPropertiesSet() {
			synchronized (registrations) {
				registrations.incrementAndGet();
				ContextRegistry.getInstance().registerThreadLocalAccessor(this.accessor);
			}
		}

		@Override
		public void destroy() {
			synchronized (registrations) {
				if (registrations.decrementAndGet() == 0) {
					ContextRegistry.getInstance().removeThreadLocalAccessor(this.accessor.key());
				}
			}
		}

	}

}
