package dev.asynchooks.autoconfigure.task;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;
import org.springframework.util.ReflectionUtils;

/**
 * One registration with a Spring {@code TaskScheduler} ({@code schedule} with a trigger
 * or a start time, {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}, and so
 * every {@code @Scheduled} method): a {@code Timeout} resource created on the registering
 * thread, handed to the scheduler in place of the task, with a
 * {@code before}/{@code after} pair around each run of the task.
 * <p>
 * It is destroyed once no run will follow and none is under way: after the run of a
 * one-shot task, when a trigger has no next execution, when its future is cancelled, when
 * the scheduling call is rejected, or when the scheduler shuts down. Runs that a
 * scheduler hands to another thread (a {@code SimpleAsyncTaskScheduler} runs fixed-rate,
 * trigger and one-shot tasks on a new thread each time) are counted from the hand-off, so
 * the destroy never comes before such a run.
 * <p>
 * A {@code ThreadPoolTaskScheduler} applies its {@code TaskDecorator} to each run it
 * queues (a trigger task is queued once per run), where the task cannot be seen: the
 * registration is announced to the decorator through a thread-local while the scheduler
 * is called and while a run, outside the task itself, queues the next one.
 */
final class ScheduledTimeout extends AsyncResource implements Runnable, DescribedResource {

	// the registration whose run the TaskDecorator is about to see on this thread
	private static final ThreadLocal<@Nullable ScheduledTimeout> scheduling = new ThreadLocal<>();

	private static final @Nullable Field errorHandlingDelegate = TaskDescriptions
		.wrapperField(DelegatingErrorHandlingRunnable.class);

	private static final int FINISHED = 1;

	private static final int DESTROYED = 2;

	// one per run under way or handed off
	private static final int RUN = 4;

	private final Runnable task;

	private final boolean oneShot;

	private final Set<ScheduledTimeout> live;

	private final AtomicInteger state = new AtomicInteger();

	ScheduledTimeout(Runnable task, boolean oneShot, Set<ScheduledTimeout> live) {
		super(ResourceTypes.TIMEOUT);
		this.task = task;
		this.oneShot = oneShot;
		this.live = live;
		live.add(this);
	}

	@Override
	public void run() {
		ScheduledTimeout announced = scheduling.get();
		if (announced != null) {
			// the task's own scheduling calls are its own
			scheduling.remove();
		}
		try {
			if (!acquire()) {
				// ended (cancelled, or its scheduler shut down) while the scheduler
				// still ran it: run it as it would run without hooks
				this.task.run();
				return;
			}
			try {
				runInAsyncScope(this.task);
			}
			finally {
				release(this.oneShot);
			}
		}
		finally {
			if (announced != null) {
				scheduling.set(announced);
			}
		}
	}

	/**
	 * Proceed with the scheduling call that hands this registration to the scheduler,
	 * with the registration announced to the decorator.
	 * @param invocation the scheduling call
	 * @return its result
	 * @throws Throwable what it throws
	 */
	@Nullable Object schedule(MethodInvocation invocation) throws Throwable {
		ScheduledTimeout previous = scheduling.get();
		scheduling.set(this);
		try {
			return invocation.proceed();
		}
		finally {
			restore(previous);
		}
	}

	/**
	 * A run queued by a scheduler that applies its decorator to each run: the run of a
	 * trigger task queues the next one, announced like the first.
	 * @param run what the scheduler queued
	 * @return the run to queue instead
	 */
	Runnable queuedRun(Runnable run) {
		return () -> {
			ScheduledTimeout previous = scheduling.get();
			scheduling.set(this);
			try {
				run.run();
			}
			finally {
				restore(previous);
			}
		};
	}

	/**
	 * A run handed to another thread: the registration is not destroyed before it ends.
	 * @param run the run handed off
	 * @return the run to hand off instead
	 */
	Runnable handedOffRun(Runnable run) {
		if (!acquire()) {
			return run;
		}
		return () -> {
			try {
				run.run();
			}
			finally {
				release(false);
			}
		};
	}

	/**
	 * Run code that is not this registration's own scheduling (a user's trigger) with no
	 * registration announced.
	 * @param <T> the type of the value
	 * @param action the code
	 * @return its value
	 */
	static <T> T unannounced(Supplier<T> action) {
		ScheduledTimeout previous = scheduling.get();
		if (previous == null) {
			return action.get();
		}
		scheduling.remove();
		try {
			return action.get();
		}
		finally {
			scheduling.set(previous);
		}
	}

	/**
	 * The registration announced on this thread, if any; answers it once.
	 * @return the registration, or {@code null}
	 */
	static @Nullable ScheduledTimeout claimScheduling() {
		ScheduledTimeout timeout = scheduling.get();
		if (timeout != null) {
			scheduling.remove();
		}
		return timeout;
	}

	/**
	 * The registration a scheduler hands to another thread, seen through Spring's
	 * error-handling wrapper.
	 * @param runnable what the executor is given
	 * @return the registration, or {@code null} when the runnable is none
	 */
	static @Nullable ScheduledTimeout handedOff(Runnable runnable) {
		if (runnable instanceof ScheduledTimeout timeout) {
			return timeout;
		}
		if (runnable instanceof DelegatingErrorHandlingRunnable && errorHandlingDelegate != null) {
			Object delegate = ReflectionUtils.getField(errorHandlingDelegate, runnable);
			return (delegate instanceof ScheduledTimeout timeout) ? timeout : null;
		}
		return null;
	}

	/**
	 * No run follows: destroy the registration now, or after the runs under way.
	 */
	void finish() {
		for (;;) {
			int current = this.state.get();
			if ((current & (FINISHED | DESTROYED)) != 0) {
				return;
			}
			boolean idle = current < RUN;
			int next = current | FINISHED | (idle ? DESTROYED : 0);
			if (this.state.compareAndSet(current, next)) {
				if (idle) {
					destroy();
				}
				return;
			}
		}
	}

	private boolean acquire() {
		for (;;) {
			int current = this.state.get();
			if ((current & DESTROYED) != 0) {
				return false;
			}
			if (this.state.compareAndSet(current, current + RUN)) {
				return true;
			}
		}
	}

	private void release(boolean last) {
		for (;;) {
			int current = this.state.get();
			int next = (current - RUN) | (last ? FINISHED : 0);
			boolean destroy = (next & FINISHED) != 0 && next < RUN && (next & DESTROYED) == 0;
			if (destroy) {
				next |= DESTROYED;
			}
			if (this.state.compareAndSet(current, next)) {
				if (destroy) {
					destroy();
				}
				return;
			}
		}
	}

	private void destroy() {
		this.live.remove(this);
		emitDestroy();
	}

	private static void restore(@Nullable ScheduledTimeout previous) {
		if (previous != null) {
			scheduling.set(previous);
		}
		else {
			scheduling.remove();
		}
	}

	@Override
	public String toString() {
		// called by hooks in init, before the field is set
		return (this.task != null) ? super.toString() + " " + this.task : super.toString();
	}

	@Override
	public @Nullable String asyncDescription() {
		Runnable task = this.task;
		return (task != null) ? TaskDescriptions.of(task) : null;
	}

}
