package dev.asynchooks.concurrent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} that turns each submitted task into an {@code EXECUTOR_TASK}
 * resource. Made by {@link AsyncExecutors#wrap(ExecutorService)}.
 * <p>
 * {@code submit} hands the delegate a {@link TrackedFutureTask}, which is also the
 * returned future. {@code invokeAll}/{@code invokeAny} keep the delegate's own
 * implementation (a {@code ForkJoinPool} or a virtual-thread executor has its own) and
 * wrap each {@code Callable}; whatever the delegate did not start by the time the call
 * returns (cancelled on timeout, after a rejection, the losers of {@code invokeAny}) is
 * destroyed before it returns. Lifecycle methods forward to the delegate; subclasses add
 * to them only through {@link #afterShutdown(boolean)} and {@link #afterTermination()}.
 *
 * @param <E> the type of the delegate
 */
class TrackedExecutorService<E extends ExecutorService> extends TrackedExecutor<E> implements ExecutorService {

	TrackedExecutorService(E delegate) {
		super(delegate, new LiveTasks());
	}

	TrackedExecutorService(E delegate, @Nullable LiveTasks liveTasks) {
		super(delegate, liveTasks);
	}

	@Override
	public final <T> Future<T> submit(Callable<T> task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return dispatch(new TrackedFutureTask<>(new FutureTask<>(task), task, liveTasksForNewTask()));
	}

	@Override
	public final <T> Future<T> submit(Runnable task, T result) {
		Objects.requireNonNull(task, "'task' must not be null");
		return dispatch(new TrackedFutureTask<>(new FutureTask<>(task, result), task, liveTasksForNewTask()));
	}

	@Override
	public final Future<?> submit(Runnable task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return dispatch(new TrackedFutureTask<>(new FutureTask<>(task, null), task, liveTasksForNewTask()));
	}

	@Override
	public final <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		List<TrackedCallable<T>> tracked = track(tasks);
		try {
			return this.delegate.invokeAll(tracked);
		}
		finally {
			endAll(tracked);
		}
	}

	@Override
	public final <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		Objects.requireNonNull(unit, "'unit' must not be null");
		List<TrackedCallable<T>> tracked = track(tasks);
		try {
			return this.delegate.invokeAll(tracked, timeout, unit);
		}
		finally {
			endAll(tracked);
		}
	}

	@Override
	public final <T> T invokeAny(Collection<? extends Callable<T>> tasks)
			throws InterruptedException, ExecutionException {
		List<TrackedCallable<T>> tracked = track(tasks);
		try {
			return this.delegate.invokeAny(tracked);
		}
		finally {
			endAll(tracked);
		}
	}

	@Override
	public final <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		Objects.requireNonNull(unit, "'unit' must not be null");
		List<TrackedCallable<T>> tracked = track(tasks);
		try {
			return this.delegate.invokeAny(tracked, timeout, unit);
		}
		finally {
			endAll(tracked);
		}
	}

	private <T> List<TrackedCallable<T>> track(Collection<? extends Callable<T>> tasks) {
		Objects.requireNonNull(tasks, "'tasks' must not be null");
		// check everything before creating any resource: no init without a destroy
		for (Callable<T> task : tasks) {
			Objects.requireNonNull(task, "'tasks' must not contain null");
		}
		List<TrackedCallable<T>> tracked = new ArrayList<>(tasks.size());
		for (Callable<T> task : tasks) {
			TrackedCallable<T> callable = new TrackedCallable<>(task, liveTasksForNewTask());
			callable.handedOver();
			tracked.add(callable);
		}
		return tracked;
	}

	private static void endAll(List<? extends TrackedCallable<?>> tasks) {
		// the delegate has run, or cancelled, every task by now: those it never started
		// will not run their callable (see TrackedCallable.abandon())
		for (int i = 0; i < tasks.size(); i++) {
			tasks.get(i).abandon();
		}
	}

	@Override
	public final void shutdown() {
		this.delegate.shutdown();
		afterShutdown(false);
	}

	/**
	 * Shut the delegate down now and destroy every task it returns unrun. The list holds
	 * the {@code Runnable}s given to {@code execute} (not their wrappers) and the futures
	 * returned by {@code submit}, which can still be run (without context); other entries
	 * are returned as the delegate gave them.
	 */
	@Override
	public final List<Runnable> shutdownNow() {
		List<Runnable> unrun = this.delegate.shutdownNow();
		List<Runnable> result = new ArrayList<>(unrun.size());
		for (Runnable task : unrun) {
			if (task instanceof TrackedRunnable tracked) {
				tracked.end();
				result.add(tracked.task());
			}
			else {
				if (task instanceof TrackedTask tracked) {
					tracked.end();
				}
				result.add(task);
			}
		}
		afterShutdown(true);
		return result;
	}

	@Override
	public final boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public final boolean isTerminated() {
		boolean terminated = this.delegate.isTerminated();
		if (terminated) {
			afterTermination();
		}
		return terminated;
	}

	@Override
	public final boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		boolean terminated = this.delegate.awaitTermination(timeout, unit);
		if (terminated) {
			afterTermination();
		}
		return terminated;
	}

	/**
	 * Called when the delegate has been shut down through this wrapper.
	 * @param now whether by {@code shutdownNow()}
	 */
	void afterShutdown(boolean now) {
	}

	/**
	 * Called when the delegate was seen terminated: nothing not run by now will run, so
	 * every task still live was dropped without a word (a {@code ForkJoinPool} cancels
	 * its queue at {@code shutdownNow()} and returns none of it; a rejection handler may
	 * drop tasks; the delegate may have been shut down directly) and ends here.
	 */
	void afterTermination() {
		LiveTasks liveTasks = this.liveTasks;
		if (liveTasks != null) {
			for (TrackedTask task : liveTasks.snapshot()) {
				task.dropped();
			}
		}
	}

}
