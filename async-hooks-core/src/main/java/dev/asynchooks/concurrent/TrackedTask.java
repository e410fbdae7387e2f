package dev.asynchooks.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.internal.EngineAccess;
import dev.asynchooks.internal.OwnedResource;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * A task handed to a wrapped executor: the {@link AsyncResource} that stands for it, with
 * the small state machine that decides who delivers its one {@code destroy}.
 * <p>
 * A task is {@code IDLE} until a worker starts a run (running); a run ends back in
 * {@code IDLE} (a periodic task between runs) or in {@code ENDED}. Whoever ends a task
 * that is not running (a cancel, a rejection, a shutdown that drops it) moves it from
 * {@code IDLE} to {@code ENDED} and delivers {@code destroy} on its own thread; ending a
 * running task only marks it ({@code END}) and the worker delivers {@code destroy} after
 * that run's {@code after}. Every transition is a CAS, so exactly one thread reaches
 * {@code ENDED}. A periodic task whose scheduler may start a run before the previous one
 * has returned ({@link Timeout}) counts its runs under way, and the last one to return
 * after an end delivers {@code destroy}. A worker that finds the task already ended runs
 * the user's code as it would run unwrapped, without context or events: the resource is
 * gone, the executor still decided to run the work (except a callable that
 * {@code invokeAll}/{@code invokeAny} abandoned, whose outcome the delegate discards: it
 * does not run, see {@link TrackedCallable#abandon()}; and a scheduled task, whose
 * delegate future is cancelled instead, see {@code TrackedScheduledFuture}).
 * <p>
 * Because this state machine already keeps runs apart and the destroy after them, a task
 * is an {@link OwnedResource}: its runs skip the resource's own compare-and-sets, so a
 * one-shot task's whole life costs one atomic operation (the claim of its run) instead of
 * five.
 */
abstract class TrackedTask extends AsyncResource implements OwnedResource {

	// destroy comes from the state machine, never from garbage collection: no Cleaner
	// registration per task, and one options object for all of them
	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private static final VarHandle STATE;

	// AsyncResource, the superclass, is initialized first and installs it
	private static final EngineAccess OWNED = EngineAccess.get();

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(TrackedTask.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// the state is (runs under way << 1) | END, END once an end is requested
	private static final int END = 1;

	private static final int RUN = 2;

	private static final int IDLE = 0;

	private static final int ENDED = END;

	// the task's place among its executor's live tasks, if it is tracked there
	private final LiveTasks.@Nullable Node live;

	@SuppressWarnings("unused") // through STATE
	private volatile int state;

	/**
	 * Create the resource: {@code init} is delivered here, on the submitting thread.
	 * @param type the resource type
	 * @param liveTasks the set the task leaves when it ends, or {@code null}; the
	 * executor adds it before handing it over
	 */
	TrackedTask(String type, @Nullable LiveTasks liveTasks) {
		super(type, OPTIONS);
		this.live = (liveTasks != null) ? liveTasks.node(this) : null;
	}

	/**
	 * Create the resource for the user's function {@code task}, whose class identifies
	 * where the resource was created (see {@code dev.asynchooks.live.CreationSites}).
	 * @param type the resource type
	 * @param task the user's function
	 * @param liveTasks the set the task leaves when it ends, or {@code null}
	 */
	TrackedTask(String type, @Nullable LiveTasks liveTasks, Object task) {
		super(withSiteKey(type, task), OPTIONS);
		this.live = (liveTasks != null) ? liveTasks.node(this) : null;
	}

	/**
	 * Create the resource for the user's function {@code task}, reported to hooks as
	 * {@code resource}.
	 * @param type the resource type
	 * @param task the user's function
	 * @param resource the object to report to hooks
	 */
	TrackedTask(String type, Object task, Object resource) {
		super(withSiteKey(type, task), OPTIONS, resource);
		this.live = null;
	}

	// before the superclass constructor delivers init; nothing to do without a hook
	private static String withSiteKey(String type, Object task) {
		OWNED.nextSiteKey(task);
		return type;
	}

	/**
	 * Create the resource for another object: {@code init} is delivered here, on the
	 * calling thread, with {@code resource} as the resource object.
	 * @param type the resource type
	 * @param resource the object to report to hooks, or {@code null} for the task itself
	 * @param liveTasks the set the task leaves when it ends, or {@code null}
	 */
	TrackedTask(String type, @Nullable Object resource, @Nullable LiveTasks liveTasks) {
		this(type, OPTIONS, resource, liveTasks);
	}

	/**
	 * Create the resource with options of its own: a task that its owner may never see
	 * end (its executor cancels it behind its back) is also destroyed when it is
	 * garbage-collected.
	 * @param type the resource type
	 * @param options the trigger and destroy mode
	 * @param resource the object to report to hooks, or {@code null} for the task itself
	 * @param liveTasks the set the task leaves when it ends, or {@code null}
	 */
	TrackedTask(String type, AsyncResourceOptions options, @Nullable Object resource, @Nullable LiveTasks liveTasks) {
		super(type, options, resource);
		this.live = (liveTasks != null) ? liveTasks.node(this) : null;
	}

	/**
	 * Claim a run.
	 * @return {@code true} if the caller must run the task in scope and then call
	 * {@link #endRun(boolean)}; {@code false} if the task has ended (or runs already)
	 */
	final boolean startRun() {
		return STATE.compareAndSet(this, IDLE, RUN);
	}

	/**
	 * Claim a run alongside the runs under way, for a periodic task whose scheduler may
	 * start a run before the previous one has returned (a run per new thread); such runs
	 * end with {@code endRun(state, false)}, and the task ends after the last of them.
	 * @return {@code true} if the caller must run the task in scope and then call
	 * {@link #endRun(boolean)}; {@code false} if the task has ended or its end was
	 * requested
	 */
	final boolean startConcurrentRun() {
		for (;;) {
			int current = (int) STATE.getVolatile(this);
			if ((current & END) != 0) {
				return false;
			}
			if (STATE.compareAndSet(this, current, current + RUN)) {
				return true;
			}
		}
	}

	/**
	 * Run {@code fn} in the task's scope, in a run claimed with {@link #startRun()}.
	 * @param state the current thread's state
	 * @param fn the user's function
	 */
	final void runInScope(ThreadState state, Runnable fn) {
		OWNED.run(this, state, fn);
	}

	/**
	 * Call {@code fn} in the task's scope, in a run claimed with {@link #startRun()}.
	 * @param <T> the type of the value
	 * @param state the current thread's state
	 * @param fn the user's function
	 * @return its value
	 * @throws Exception what it throws
	 */
	final <T> T callInScope(ThreadState state, Callable<T> fn) throws Exception {
		return OWNED.call(this, state, fn);
	}

	/**
	 * Enter the task's scope without a function object, in a run claimed with
	 * {@link #startRun()}: {@link #exitScope} must follow on the same thread.
	 * @param state the current thread's state
	 * @return the depth to give to {@link #exitScope}
	 */
	final int enterScope(ThreadState state) {
		return OWNED.enter(this, state);
	}

	/**
	 * Leave the scope entered with {@link #enterScope}.
	 * @param state the current thread's state
	 * @param depth what {@link #enterScope} returned
	 */
	final void exitScope(ThreadState state, int depth) {
		OWNED.exit(this, state, depth);
	}

	/**
	 * Run a one-shot task's function in its scope, in a run claimed with
	 * {@link #startRun()}, and end the task after its {@code after}.
	 * @param fn the user's function
	 */
	final void runOnce(Runnable fn) {
		ThreadState state = ThreadState.current();
		try {
			OWNED.run(this, state, fn);
		}
		finally {
			endRun(state, true);
		}
	}

	/**
	 * Call a one-shot task's function in its scope, in a run claimed with
	 * {@link #startRun()}, and end the task after its {@code after}.
	 * @param <T> the type of the value
	 * @param fn the user's function
	 * @return its value
	 * @throws Exception what it throws
	 */
	final <T> T callOnce(Callable<T> fn) throws Exception {
		ThreadState state = ThreadState.current();
		try {
			return OWNED.call(this, state, fn);
		}
		finally {
			endRun(state, true);
		}
	}

	/**
	 * Finish a run claimed with {@link #startRun()}, after its {@code after}.
	 * @param state the current thread's state
	 * @param last whether no run can follow (a one-shot task, or a periodic run that
	 * threw); when {@code false} the task ends here only if an end was requested during
	 * the run
	 */
	final void endRun(ThreadState state, boolean last) {
		int current = (int) STATE.getVolatile(this);
		if (current < RUN) {
			return; // not claimed by startRun(): nothing to finish
		}
		if (last && current < 2 * RUN) {
			// the only run (a last run is never concurrent): no compare-and-set needed,
			// while it runs the only other move is end() setting END, which this one
			// overrides, and nothing moves out of ENDED
			STATE.setRelease(this, ENDED);
			ended(state);
			return;
		}
		for (;;) {
			int next = (current - RUN) | (last ? END : 0);
			if (STATE.compareAndSet(this, current, next)) {
				if (next == ENDED) {
					ended(state);
				}
				return;
			}
			current = (int) STATE.getVolatile(this);
			if (current < RUN) {
				return;
			}
		}
	}

	/**
	 * End the task because it will not run (again): destroy it now if it is not running,
	 * or after the current run's {@code after}. Idempotent.
	 */
	final void end() {
		for (;;) {
			int current = (int) STATE.getVolatile(this);
			if (current == IDLE) {
				if (STATE.compareAndSet(this, IDLE, ENDED)) {
					ended(ThreadState.current());
					return;
				}
			}
			else if ((current & END) == 0) {
				// running: the last run to return delivers destroy
				if (STATE.compareAndSet(this, current, current | END)) {
					return;
				}
			}
			else {
				return;
			}
		}
	}

	/**
	 * Join the set of live tasks given at construction, if any, just before the task is
	 * handed to the executor.
	 */
	final void handedOver() {
		if (this.live != null) {
			this.live.join();
			if ((int) STATE.getVolatile(this) == ENDED) {
				// ended before 'live' was set (a hook's emitDestroy() in init): ended()
				// could not leave
				this.live.leave();
			}
		}
	}

	/**
	 * An {@code emitDestroy()} on the task (by code that reached it as its execution
	 * resource) ends it: after the run in progress, or at once if it is not running (a
	 * worker that runs it later runs the function unwrapped).
	 */
	@Override
	public final void requestEnd() {
		end();
	}

	@Override
	public final boolean isEndRequested() {
		return ((int) STATE.getVolatile(this) & END) != 0;
	}

	private void ended(ThreadState state) {
		if (this.live != null) {
			this.live.leave();
		}
		OWNED.destroy(this, state);
	}

	/**
	 * End the task because the executor dropped it without handing it back to anyone (it
	 * was seen terminated with the task unrun): nothing will ever run it.
	 */
	void dropped() {
		end();
	}

	/**
	 * Whether the task runs repeatedly until cancelled.
	 * @return {@code false} unless overridden
	 */
	boolean isPeriodic() {
		return false;
	}

	/**
	 * Whether the task's delay, if any, has elapsed: a scheduler that drops delayed tasks
	 * at shutdown still runs those that are due.
	 * @return {@code true} unless overridden
	 */
	boolean isDue() {
		return true;
	}

	/**
	 * Whether the executor has cancelled the task on its own (at shutdown, by policy).
	 * @return {@code false} unless overridden
	 */
	boolean isCancelledByExecutor() {
		return false;
	}

}
