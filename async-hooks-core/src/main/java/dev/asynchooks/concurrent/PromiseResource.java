package dev.asynchooks.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.EngineAccess;
import dev.asynchooks.internal.OwnedResource;
import dev.asynchooks.internal.ThreadState;

/**
 * The {@code PROMISE} resource of one future, reported as the future itself, with the
 * small state machine that decides when it is destroyed: once it is settled and no run of
 * its function is in progress (SPEC rule 13a). Shared by {@link TrackedCompletableFuture}
 * and, under the {@code -javaagent}, every plain {@code CompletableFuture}
 * ({@link AgentPromises}). Nothing but its future runs or ends it (hooks see the future,
 * not this object), so it is an {@link OwnedResource}: its runs skip the resource's own
 * compare-and-sets.
 * <p>
 * It is registered for destroy on garbage collection (when a {@code destroy} hook is
 * enabled) at construction, and leaves that registration when it is destroyed, so a
 * promise that settles is garbage like any other object by the next collection.
 */
class PromiseResource extends AsyncResource implements OwnedResource {

	static final EngineAccess OWNED = EngineAccess.get();

	private static final VarHandle LIFE;

	static {
		try {
			LIFE = MethodHandles.lookup().findVarHandle(PromiseResource.class, "life", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// life: ENDED | SETTLED | number of runs in progress * RUN
	private static final int SETTLED = 1;

	private static final int ENDED = 2;

	private static final int RUN = 4;

	// as in Node, only a promise made while a hook was enabled gets a destroy; then
	// its state machine runs, else its runs need only the outcome check
	private final boolean destroyable;

	@SuppressWarnings("unused") // through LIFE
	private volatile int life;

	PromiseResource(long triggerAsyncId, Object future) {
		super(ResourceTypes.PROMISE, triggerAsyncId, false, future);
		this.destroyable = OWNED.anyHookEnabled();
	}

	/**
	 * Deliver {@code promiseResolve}, then {@code destroy} if no run is in progress.
	 */
	void resolved() {
		emitPromiseResolve();
		if (this.destroyable) {
			settled();
		}
	}

	/**
	 * Claim a run of the promise's function.
	 * @return {@code false} if the promise is settled (its function must not run)
	 */
	boolean startRun() {
		if (!this.destroyable) {
			return true;
		}
		for (;;) {
			int current = (int) LIFE.getVolatile(this);
			if ((current & (SETTLED | ENDED)) != 0) {
				return false;
			}
			if (LIFE.weakCompareAndSet(this, current, current + RUN)) {
				return true;
			}
		}
	}

	/**
	 * Finish a run claimed with {@link #startRun()}, after its {@code after}: the last
	 * run of a settled promise destroys it.
	 */
	void endRun(ThreadState state) {
		if (!this.destroyable) {
			return;
		}
		if ((int) LIFE.getVolatile(this) == (SETTLED | RUN)) {
			// the common case, a run that settled its promise: settled and with no
			// other run, the state has no other writer left (startRun and settled
			// see SETTLED and return), so a store ends it
			LIFE.setRelease(this, SETTLED | ENDED);
			OWNED.destroy(this, state);
			return;
		}
		for (;;) {
			int current = (int) LIFE.getVolatile(this);
			int next = current - RUN;
			boolean end = (next == SETTLED);
			if (LIFE.weakCompareAndSet(this, current, end ? (SETTLED | ENDED) : next)) {
				if (end) {
					OWNED.destroy(this, state);
				}
				return;
			}
		}
	}

	private void settled() {
		for (;;) {
			int current = (int) LIFE.getVolatile(this);
			if ((current & SETTLED) != 0) {
				return;
			}
			boolean end = (current == 0);
			if (LIFE.weakCompareAndSet(this, current, end ? (SETTLED | ENDED) : (current | SETTLED))) {
				if (end) {
					OWNED.destroy(this, ThreadState.current());
				}
				return;
			}
		}
	}

	@Override
	public void requestEnd() {
		// not reachable by others: hooks and executionAsyncResource() see the future
		if (this.destroyable) {
			settled();
		}
	}

	@Override
	public boolean isEndRequested() {
		return ((int) LIFE.getVolatile(this) & (SETTLED | ENDED)) != 0;
	}

}
