package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.jspecify.annotations.Nullable;

/**
 * A task scheduled on a Reactor {@code Scheduler}: a {@code REACTOR_TASK} resource
 * created on the scheduling thread, so its trigger is the scheduling context and it
 * carries that context's {@code AsyncLocalStorage} stores to the thread that runs it. The
 * task runs once in its scope and the resource is destroyed after the run.
 * <p>
 * Reactor does not tell a schedule hook whether a task is periodic: when the task runs
 * again ({@code Flux.interval}, {@code schedulePeriodically}), each further run is a new
 * {@code REACTOR_TASK} triggered by the previous run. A task cancelled before it runs is
 * not seen by the hook; its resource is destroyed when it is garbage-collected.
 */
final class ReactorTask extends AsyncResource implements Runnable, DescribedResource {

	private final Runnable task;

	// the id of the last run when the task is periodic; written and read by the runs,
	// which Reactor never overlaps
	private long lastRun;

	ReactorTask(Runnable task) {
		super(ResourceTypes.REACTOR_TASK, AsyncResourceOptions.defaults());
		this.task = task;
	}

	@Override
	public void run() {
		if (this.lastRun == 0) {
			this.lastRun = asyncId();
			try {
				runInAsyncScope(this.task);
			}
			finally {
				emitDestroy();
			}
			return;
		}
		AsyncResource run = new AsyncResource(ResourceTypes.REACTOR_TASK,
				AsyncResourceOptions.defaults().withTriggerAsyncId(this.lastRun).withRequireManualDestroy(true));
		this.lastRun = run.asyncId();
		try {
			run.runInAsyncScope(this.task);
		}
		finally {
			run.emitDestroy();
		}
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		if (this.task == null) {
			return type();
		}
		String name = this.task.getClass().getName();
		return name.substring(name.lastIndexOf('.') + 1);
	}

	@Override
	public @Nullable String asyncDescription() {
		return (this.task != null) ? toString() : null;
	}

}
