package dev.asynchooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names of the built-in resource types, as passed to {@link HookCallbacks#init}.
 *
 * @since 0.1.0
 * @see AsyncHooks#asyncWrapProviders()
 */
public final class ResourceTypes {

	/**
	 * A task handed to a wrapped
	 * {@code Executor}/{@code ExecutorService}/{@code TaskExecutor}.
	 */
	public static final String EXECUTOR_TASK = "EXECUTOR_TASK";

	/** A Spring {@code @Async} method invocation. */
	public static final String ASYNC_METHOD = "ASYNC_METHOD";

	/**
	 * A delayed or periodic task on a wrapped scheduler, or a {@code @Scheduled} method.
	 */
	public static final String TIMEOUT = "Timeout";

	/** A {@code TrackedCompletableFuture} and each stage made from it. */
	public static final String PROMISE = "PROMISE";

	/** An incoming HTTP request (Servlet or WebFlux). */
	public static final String HTTPINCOMINGMESSAGE = "HTTPINCOMINGMESSAGE";

	/** An outgoing {@code RestClient}/{@code RestTemplate}/{@code WebClient} exchange. */
	public static final String HTTPCLIENTREQUEST = "HTTPCLIENTREQUEST";

	/** The embedded web server, from when it listens until it stops. */
	public static final String TCPSERVERWRAP = "TCPSERVERWRAP";

	/**
	 * A task scheduled on a Reactor {@code Scheduler}: a {@code publishOn},
	 * {@code subscribeOn} or {@code Mono.delay} hop, or one run of a periodic task such
	 * as {@code Flux.interval}.
	 */
	public static final String REACTOR_TASK = "REACTOR_TASK";

	/**
	 * A thread started with {@code Thread.start()} (platform or virtual), seen by the
	 * {@code -javaagent}: {@code init} in {@code start()}, one
	 * {@code before}/{@code after} around its {@code run()}, {@code destroy} when
	 * {@code run()} has returned.
	 */
	public static final String THREAD = "THREAD";

	static final Map<String, Integer> PROVIDERS;

	static {
		Map<String, Integer> providers = new LinkedHashMap<>();
		for (String type : new String[] { "NONE", EXECUTOR_TASK, ASYNC_METHOD, TIMEOUT, PROMISE, HTTPINCOMINGMESSAGE,
				HTTPCLIENTREQUEST, TCPSERVERWRAP, REACTOR_TASK, THREAD }) {
			providers.put(type, providers.size());
		}
		PROVIDERS = Collections.unmodifiableMap(providers);
	}

	private ResourceTypes() {
	}

}
