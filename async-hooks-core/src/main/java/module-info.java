/**
 * Node.js {@code async_hooks} for the JVM: the hook engine and its public API.
 * <p>
 * Exports only the API packages: {@code dev.asynchooks} (hooks, the execution context,
 * {@code AsyncResource}, {@code AsyncLocalStorage}), {@code dev.asynchooks.concurrent}
 * (executors, schedulers, futures), {@code dev.asynchooks.live} (the live-resource
 * registry) and {@code dev.asynchooks.trace} (lifecycle recordings as Perfetto traces).
 * The engine's internals, {@code dev.asynchooks.internal}, and the classes generated for
 * the Perfetto format, {@code dev.asynchooks.trace.perfetto}, are not exported: code
 * outside this module cannot reach them.
 */
module dev.asynchooks {

	// the nullness annotations of the API: needed to compile against it, not to run
	requires static org.jspecify;

	// the platform MBean server, for the live-resource registry's JMX view
	requires java.management;

	// writes Perfetto traces (dev.asynchooks.trace); optional: recording works without it
	requires static com.google.protobuf;

	// carries the values of Micrometer's registered ThreadLocalAccessors with each
	// resource; optional: without it resources carry their AsyncLocalStorage stores only
	requires static context.propagation;

	exports dev.asynchooks;
	exports dev.asynchooks.concurrent;
	exports dev.asynchooks.live;
	exports dev.asynchooks.trace;

}
