package dev.asynchooks.live;

import java.time.Duration;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of one live resource (its {@code init} was delivered, its
 * {@code destroy} not yet), as seen by {@link LiveResources} at the moment the view was
 * taken.
 *
 * @param asyncId the resource's id
 * @param type its type
 * @param triggerAsyncId the resource that caused it
 * @param executionAsyncId the execution context that created it (the
 * {@link AsyncHooks#executionAsyncId()} inside its {@code init})
 * @param state whether it is waiting to run for the first time, running, waiting between
 * runs, or (a server) listening
 * @param age the time since its {@code init}
 * @param runs how many times it was entered ({@code before} events)
 * @param thread the name of a thread running it now, or {@code null} when it is not
 * running
 * @param threadId the id of that thread ({@code #id} in a thread dump), or {@code null}
 * when it is not running
 * @param description what it is, from {@link DescribedResource#asyncDescription()}, or
 * {@code null}
 * @param details possibly sensitive details from
 * {@link DescribedResource#asyncDetails()}, or {@code null}
 * @param site where it was created (see {@link CreationSites}), or {@code null} when
 * unknown or not recorded
 * @param traceId the trace of the span that was current where it was created (or, for an
 * incoming request, of its server span), or {@code null} when there was none or no
 * {@link TraceContextReader} is set
 * @param spanId the id of that span, or {@code null}
 * @since 0.1.0
 */
public record LiveResource(long asyncId, String type, long triggerAsyncId, long executionAsyncId, State state,
		Duration age, int runs, @Nullable String thread, @Nullable Long threadId, @Nullable String description,
		@Nullable String details, @Nullable String site, @Nullable String traceId, @Nullable String spanId) {

	/**
	 * A view without trace.
	 * @param asyncId the resource's id
	 * @param type its type
	 * @param triggerAsyncId the resource that caused it
	 * @param executionAsyncId the execution context that created it
	 * @param state its state
	 * @param age the time since its {@code init}
	 * @param runs how many times it was entered
	 * @param thread the name of a thread running it now, or {@code null}
	 * @param threadId the id of that thread, or {@code null}
	 * @param description what it is, or {@code null}
	 * @param details possibly sensitive details, or {@code null}
	 * @param site where it was created, or {@code null}
	 */
	public LiveResource(long asyncId, String type, long triggerAsyncId, long executionAsyncId, State state,
			Duration age, int runs, @Nullable String thread, @Nullable Long threadId, @Nullable String description,
			@Nullable String details, @Nullable String site) {
		this(asyncId, type, triggerAsyncId, executionAsyncId, state, age, runs, thread, threadId, description, details,
				site, null, null);
	}

	/**
	 * A view without thread id and creation site.
	 * @param asyncId the resource's id
	 * @param type its type
	 * @param triggerAsyncId the resource that caused it
	 * @param executionAsyncId the execution context that created it
	 * @param state where it is in its life
	 * @param age the time since its {@code init}
	 * @param runs how many times it was entered
	 * @param thread the name of a thread running it now, or {@code null}
	 * @param description what it is, or {@code null}
	 * @param details possibly sensitive details, or {@code null}
	 */
	public LiveResource(long asyncId, String type, long triggerAsyncId, long executionAsyncId, State state,
			Duration age, int runs, @Nullable String thread, @Nullable String description, @Nullable String details) {
		this(asyncId, type, triggerAsyncId, executionAsyncId, state, age, runs, thread, null, description, details,
				null, null, null);
	}

	/**
	 * Where a live resource is in its life.
	 */
	public enum State {

		/** Created, never entered yet: queued, scheduled, waiting for its first run. */
		PENDING,

		/** Between a {@code before} and its {@code after}, on at least one thread. */
		RUNNING,

		/** Ran at least once and is not running now: between runs, or waiting to end. */
		WAITING,

		/**
		 * A server ({@code TCPSERVERWRAP}) that accepts connections: it never runs
		 * itself, its requests are its children.
		 */
		LISTENING

	}

}
