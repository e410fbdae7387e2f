package dev.asynchooks.demo;

import dev.asynchooks.HookCallbacks;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A hook that does nothing in each of its five callbacks, for measuring what one hook
 * costs ({@code benchmarks/http/run.sh}): on with {@code demo.noop-hook.enabled=true}.
 *
 * @author async-hooks
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("demo.noop-hook.enabled")
class NoopHookConfiguration {

	@Bean
	HookCallbacks noopHook() {
		return new NoopHook();
	}

	static final class NoopHook implements HookCallbacks {

		@Override
		public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		}

		@Override
		public void before(long asyncId) {
		}

		@Override
		public void after(long asyncId) {
		}

		@Override
		public void destroy(long asyncId) {
		}

		@Override
		public void promiseResolve(long asyncId) {
		}

	}

}
