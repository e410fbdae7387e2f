package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * One registration of a task with a scheduler, as Node's {@code setTimeout} and
 * {@code setInterval} return one: a single {@value ResourceTypes#TIMEOUT} resource for
 * all its runs, created by {@link Timeouts#once(Runnable)} or
 * {@link Timeouts#repeating(Runnable)} on the registering thread. The timeout is the
 * {@code Runnable} handed to the scheduler in place of the task, and, once
 * {@link #schedule(Callable)} has returned it, the {@link ScheduledFuture} the caller
 * holds: it forwards to the scheduler's future.
 *
 * <pre>{@code
 * Timeout timeout = timeouts.repeating(task);
 * ScheduledFuture<?> future = timeout.schedule(() -> scheduler.scheduleAtFixedRate(timeout, 0, 1, SECONDS));
 * future.cancel(false);   // destroy, here and now (after the run in progress if there is one)
 * }</pre>
 *
 * Each {@link #run()} is one {@code before}/{@code after} pair, on the scheduler's
 * thread, in the context of the code that registered the task. {@code destroy} is
 * delivered once, as for every task of the core (SPEC rule 10):
 * <ul>
 * <li>after the run of a one-shot timeout, on the thread that ran it;</li>
 * <li>on a successful {@link #cancel(boolean)}: inside it, on the cancelling thread, or
 * after the run in progress;</li>
 * <li>when the registration fails ({@code schedule} throws or gives no future);</li>
 * <li>when a trigger has no next run ({@link #next(Supplier)} answers {@code null});</li>
 * <li>when {@link Timeouts#endAll()} ends it (its scheduler shuts down), or on
 * {@code emitDestroy()}.</li>
 * </ul>
 * A run that starts after the timeout has ended (the scheduler had already taken it) runs
 * the task without the timeout's context or events, as it would run unwrapped. Runs of a
 * repeating timeout may overlap (a scheduler that starts each run on a new thread): each
 * is a {@code before}/{@code after} pair on its own thread, and {@code destroy} comes
 * after the last of them. What the task throws leaves {@link #run()} after {@code after};
 * it ends a one-shot timeout, not a repeating one (a scheduler that stops a periodic task
 * when it throws cancels its future, which {@link Timeouts#endAll()} or a cancel then
 * sees).
 *
 * @since 0.1.0
 */
public final class Timeout extends TrackedTask
		implements Runnable, ScheduledFuture<@Nullable Object>, DescribedResource {

	private final Runnable task;

	private final boolean once;

	private final @Nullable Function<? super Runnable, @Nullable String> description;

	private final SchedulerFuture future = new SchedulerFuture();

	Timeout(Runnable task, boolean once, @Nullable Object resource,
			@Nullable Function<? super Runnable, @Nullable String> description, @Nullable LiveTasks liveTasks) {
		super(ResourceTypes.TIMEOUT, resource, liveTasks);
		this.task = task;
		this.once = once;
		this.description = description;
		// one of its Timeouts from the start: endAll() ends it even if never scheduled
		handedOver();
	}

	/**
	 * Register the timeout with a scheduler. While {@code scheduling} runs, the first
	 * runnable that a {@link TaskWrapper} sees on this thread (the task a
	 * {@code ScheduledThreadPoolExecutor} made of this timeout, as a
	 * {@code TaskDecorator} gets it) is a run of this timeout rather than a resource of
	 * its own, and so is the task the scheduler makes while such a run queues the next
	 * one (a trigger's next run).
	 * @param scheduling the call that hands this timeout to the scheduler and returns the
	 * scheduler's future, or {@code null} when nothing was scheduled
	 * @return this timeout, as the future to hand to the caller, or {@code null} when
	 * nothing was scheduled (the timeout is then destroyed)
	 * @throws Exception what {@code scheduling} throws (the timeout is then destroyed)
	 */
	public @Nullable ScheduledFuture<@Nullable Object> schedule(
			Callable<? extends @Nullable ScheduledFuture<?>> scheduling) throws Exception {
		Objects.requireNonNull(scheduling, "'scheduling' must not be null");
		ScheduledFuture<?> future;
		try {
			future = HandOver.during(this::runOf, scheduling);
		}
		catch (Throwable ex) {
			end();
			throw ex;
		}
		if (future == null) {
			end();
			return null;
		}
		this.future.attach(future);
		return this;
	}

	/**
	 * Ask a trigger for the next run, outside this timeout's hand-over; when it has none,
	 * the timeout ends (now, or after the run in progress).
	 * @param <T> the type of the answer
	 * @param trigger the trigger
	 * @return its answer
	 */
	public <T> @Nullable T next(Supplier<@Nullable T> trigger) {
		Objects.requireNonNull(trigger, "'trigger' must not be null");
		T next = HandOver.outside(trigger);
		if (next == null) {
			end();
		}
		return next;
	}

	/**
	 * Run the task once in this timeout's scope. A one-shot timeout ends after its run.
	 */
	@Override
	public void run() {
		// the task's own scheduling calls are its own, not this timeout's
		HandOver.Task announced = HandOver.suspend();
		try {
			if (!claimRun()) {
				this.task.run();
				return;
			}
			ThreadState state = ThreadState.current();
			try {
				runInScope(state, this.task);
			}
			finally {
				endRun(state, this.once);
			}
		}
		finally {
			if (announced != null) {
				HandOver.restore(announced);
			}
		}
	}

	/**
	 * Run other work than the task as one run of this timeout, for schedulers that make
	 * new work for each firing of a registration (a Quartz trigger creates a job instance
	 * per firing). It follows the rules of {@link #run()}: a one-shot timeout ends after
	 * it; once the timeout has ended the work runs without the timeout's context or
	 * events.
	 * @param <T> the type of the value
	 * @param work the work
	 * @return its value
	 * @throws Exception what {@code work} throws, after {@code after}
	 */
	public <T> T call(Callable<T> work) throws Exception {
		Objects.requireNonNull(work, "'work' must not be null");
		if (!claimRun()) {
			return work.call();
		}
		ThreadState state = ThreadState.current();
		try {
			return callInScope(state, work);
		}
		finally {
			endRun(state, this.once);
		}
	}

	// a repeating timeout's runs may overlap (a scheduler that starts each run on a new
	// thread, a Quartz trigger that fires again while its job runs)
	private boolean claimRun() {
		return this.once ? startRun() : startConcurrentRun();
	}

	// a run the scheduler queued: announced while it runs, for the next one it queues
	private Runnable runOf(Runnable run) {
		return () -> HandOver.during(this::runOf, run);
	}

	@Override
	boolean isPeriodic() {
		return !this.once;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.future.cancel(mayInterruptIfRunning);
		if (cancelled) {
			end();
		}
		return cancelled;
	}

	@Override
	public boolean isCancelled() {
		return this.future.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.future.isDone();
	}

	@Override
	public @Nullable Object get() throws InterruptedException, ExecutionException {
		return this.future.await().get();
	}

	@Override
	public @Nullable Object get(long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.future.await().get(timeout, unit);
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return this.future.getDelay(unit);
	}

	@Override
	public int compareTo(Delayed other) {
		return this.future.compareTo(this, other, (other instanceof Timeout timeout) ? timeout.future : null);
	}

	@Override
	public @Nullable String asyncDescription() {
		// called by hooks in init, before the fields are set
		Runnable task = this.task;
		Function<? super Runnable, @Nullable String> description = this.description;
		return (task != null && description != null) ? description.apply(task) : null;
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		return (this.task != null) ? super.toString() + " " + this.task : super.toString();
	}

}
