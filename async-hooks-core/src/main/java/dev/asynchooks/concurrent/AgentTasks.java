package dev.asynchooks.concurrent;

import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.TaskAccess;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of the {@code -javaagent}: the same classes as the wrappers', reported with
 * the objects the agent's contract names (the runnable given to {@code execute}, the
 * future {@code submit} returns). Installed as the {@link TaskAccess} by
 * {@link AsyncTasks}.
 */
final class AgentTasks extends TaskAccess {

	@Override
	public boolean isTask(@Nullable Object task) {
		// the run of a TrackedCompletableFuture's function is in the promise's scope
		// already
		return AsyncTasks.isTask(task) || task instanceof Trampoline.Task;
	}

	@Override
	public Runnable executorTask(Runnable task) {
		// the work of a DeferredTask (an @Async invocation) that no decorator answered
		// is its run, not a second resource
		Runnable run = HandOver.claimDeferred(task);
		return (run != null) ? run : new TrackedRunnable(task);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <V> RunnableFuture<V> submittedTask(RunnableFuture<V> future, Object task) {
		// a DeferredTask makes a HandedOverRun of a future
		Runnable run = HandOver.claimDeferred(future);
		return (run != null) ? (RunnableFuture<V>) run : new TrackedFutureTask<>(future, task, (LiveTasks) null);
	}

	@Override
	public <V> RunnableScheduledFuture<V> timeout(RunnableScheduledFuture<V> task) {
		return new TrackedScheduledTask<>(task);
	}

	@Override
	public <V> RunnableScheduledFuture<V> scheduledExecutorTask(RunnableScheduledFuture<V> task,
			@Nullable Object resource) {
		return new TrackedScheduledTask<>(task, ResourceTypes.EXECUTOR_TASK, resource);
	}

	@Override
	public Runnable timerTask(Runnable task, boolean once) {
		return new Timeout(task, once, task, null, null);
	}

	@Override
	public Object task(String type, Object resource) {
		return new AgentTask(type, resource);
	}

	@Override
	public boolean enter(Object task) {
		return ((AgentTask) task).begin();
	}

	@Override
	public void exit(Object task) {
		((AgentTask) task).finish();
	}

	@Override
	public void end(Object task) {
		((TrackedTask) task).end();
	}

	@Override
	public Object dropped(Object task) {
		if (task instanceof TrackedRunnable executed) {
			executed.end();
			return executed.task();
		}
		if (task instanceof TrackedTask tracked) {
			// the future the caller holds: it can still be run, without context
			tracked.end();
		}
		return task;
	}

}
