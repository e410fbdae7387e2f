package dev.asynchooks.demo;

import java.util.Set;

import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.task.AsyncMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Logs the life of the application's web server, requests, executor tasks, {@code @Async}
 * invocations and timers. The starter enables it when the context starts and disables it
 * when it closes.
 *
 * @author async-hooks
 */
@Component
@ConditionalOnBooleanProperty(name = "demo.logging-hook.enabled", matchIfMissing = true)
class LoggingHookCallbacks implements HookCallbacks {

	private static final Logger logger = LoggerFactory.getLogger("asynchooks");

	private static final Set<String> TYPES = Set.of(ResourceTypes.TCPSERVERWRAP, ResourceTypes.HTTPINCOMINGMESSAGE,
			ResourceTypes.EXECUTOR_TASK, ResourceTypes.ASYNC_METHOD, ResourceTypes.TIMEOUT);

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		if (TYPES.contains(type)) {
			logger.info("init {}({}) trigger: {} request: {} resource: {}", type, asyncId, triggerAsyncId,
					RequestIds.current(), describe(resource));
		}
	}

	@Override
	public void destroy(long asyncId) {
		logger.debug("destroy {}", asyncId);
	}

	private static String describe(Object resource) {
		// a resource may not be fully built during init: name it by its class, unless it
		// is an @Async method's descriptor
		return (resource instanceof AsyncMethod) ? resource.toString() : resource.getClass().getSimpleName();
	}

}
