package dev.asynchooks.internal;

/**
 * An {@code AsyncResource} whose runs and whose end are decided by a state machine of its
 * own, such as an executor task: it never runs twice at once and is never destroyed
 * during a run. Its owner runs it through {@link EngineAccess}, which skips the atomic
 * bookkeeping that {@code runInAsyncScope} needs for resources that anyone may run and
 * destroy at any time (two compare-and-sets per run, one per destroy). Nobody else runs
 * it ({@code runInAsyncScope} throws), and an {@code emitDestroy()} from anyone else
 * becomes {@link #requestEnd()}, so the owner still delivers the one {@code destroy},
 * after the run in progress.
 */
public interface OwnedResource {

	/**
	 * End the resource as its owner would: at once when it is not running, otherwise
	 * after the current run's {@code after}. Idempotent.
	 */
	void requestEnd();

	/**
	 * Whether the resource has ended or its end was requested.
	 * @return {@code true} once {@link #requestEnd()} or the owner has ended it
	 */
	boolean isEndRequested();

}
