package dev.asynchooks.concurrent;

import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The {@link Timeout}s registered with one scheduler: it makes them, and ends those still
 * live when the scheduler shuts down ({@link #endAll()}), since a scheduler drops its
 * pending tasks at shutdown without saying which.
 *
 * <pre>{@code
 * Timeouts timeouts = new Timeouts();
 * Timeout timeout = timeouts.once(task);
 * ScheduledFuture<?> future = timeout.schedule(() -> scheduler.schedule(timeout, 5, SECONDS));
 * ...
 * scheduler.shutdown();
 * timeouts.endAll();
 * }</pre>
 *
 * A timeout joins the set when it is scheduled and leaves it when it ends (a small node
 * behind one of a few striped locks), so the set holds only the live ones.
 *
 * @since 0.1.0
 */
public final class Timeouts {

	private final LiveTasks live = new LiveTasks();

	private final @Nullable Function<? super Runnable, @Nullable String> description;

	/**
	 * Create a set of timeouts that do not describe themselves.
	 */
	public Timeouts() {
		this.description = null;
	}

	/**
	 * Create a set of timeouts that describe themselves to the live-resource tree by
	 * their task.
	 * @param description the description of a task (see
	 * {@link dev.asynchooks.DescribedResource}), called when a tree is rendered
	 * @throws NullPointerException if {@code description} is {@code null}
	 */
	public Timeouts(Function<? super Runnable, @Nullable String> description) {
		this.description = Objects.requireNonNull(description, "'description' must not be null");
	}

	/**
	 * Create a one-shot timeout: {@code init} is delivered now, on the calling thread; it
	 * ends after its run.
	 * @param task the task
	 * @return the timeout, to {@linkplain Timeout#schedule schedule}
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public Timeout once(Runnable task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return new Timeout(task, true, null, this.description, this.live);
	}

	/**
	 * Create a timeout that runs until it is cancelled (fixed rate, fixed delay, or as a
	 * trigger says): {@code init} is delivered now, on the calling thread.
	 * @param task the task
	 * @return the timeout, to {@linkplain Timeout#schedule schedule}
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public Timeout repeating(Runnable task) {
		Objects.requireNonNull(task, "'task' must not be null");
		return new Timeout(task, false, null, this.description, this.live);
	}

	/**
	 * Create a timeout that runs until it is cancelled and that stands for another
	 * object: {@code resource} is passed to {@code init} and returned by
	 * {@link dev.asynchooks.AsyncHooks#executionAsyncResource()} during its runs (a
	 * registration that has an object of its own, such as a Quartz trigger).
	 * @param task the task
	 * @param resource the object to report to hooks
	 * @return the timeout, to {@linkplain Timeout#schedule schedule}
	 * @throws NullPointerException if {@code task} or {@code resource} is {@code null}
	 */
	public Timeout repeating(Runnable task, Object resource) {
		Objects.requireNonNull(task, "'task' must not be null");
		Objects.requireNonNull(resource, "'resource' must not be null");
		return new Timeout(task, false, resource, this.description, this.live);
	}

	/**
	 * End every timeout that is still live: those not running are destroyed now, on the
	 * calling thread, the others after their run in progress.
	 */
	public void endAll() {
		for (TrackedTask task : this.live.snapshot()) {
			task.end();
		}
	}

}
