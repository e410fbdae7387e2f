package dev.asynchooks.autoconfigure.web.reactive;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers a {@link Schedulers#onScheduleHook(String, Function) Reactor schedule hook}
 * that makes every task scheduled on a Reactor {@code Scheduler} a {@code REACTOR_TASK}
 * resource, and removes it (by its key) when the context closes. The hook is
 * process-wide, like Reactor's: several application contexts share one registration,
 * which is removed when the last of them closes.
 *
 * @since 0.1.0
 */
public final class ReactorScheduleHook implements InitializingBean, DisposableBean {

	/**
	 * The key of the schedule hook.
	 */
	public static final String KEY = "async-hooks";

	private static final AtomicInteger registrations = new AtomicInteger();

	private static final Object monitor = new Object();

	private boolean registered;

	@Override
	public void afterPropertiesSet() {
		synchronized (monitor) {
			if (!this.registered) {
				this.registered = true;
				if (registrations.getAndIncrement() == 0) {
					Schedulers.onScheduleHook(KEY, ReactorScheduleHook::decorate);
				}
			}
		}
	}

	@Override
	public void destroy() {
		synchronized (monitor) {
			if (this.registered) {
				this.registered = false;
				if (registrations.decrementAndGet() == 0) {
					Schedulers.resetOnScheduleHook(KEY);
				}
			}
		}
	}

	/**
	 * Make a scheduled task a {@code REACTOR_TASK} resource, on the scheduling thread.
	 * @param task the task
	 * @return the task to schedule instead
	 */
	static Runnable decorate(Runnable task) {
		return (task instanceof ReactorTask) ? task : new ReactorTask(task);
	}

}
