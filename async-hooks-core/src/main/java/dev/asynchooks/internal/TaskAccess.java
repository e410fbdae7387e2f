package dev.asynchooks.internal;

import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * How the {@code -javaagent} ({@code dev.asynchooks.agent}, a separate artifact whose
 * code runs inside the JDK's own executors) makes the core's tasks: the same
 * {@code EXECUTOR_TASK}s and {@code Timeout}s as {@code AsyncExecutors.wrap}, with the
 * resource objects the agent reports. A {@code SharedSecrets}-style access object, like
 * {@link EngineAccess}: a package-private class of {@code dev.asynchooks.concurrent}
 * installs the only instance when {@code AsyncTasks} is initialized, and {@link #get()}
 * answers only the agent's package, loaded by the core's own class loader (under the
 * agent, both are on the bootstrap class path).
 * <p>
 * Not API: this package is not exported by the module {@code dev.asynchooks}.
 */
public abstract class TaskAccess {

	private static final String INSTALLER = "dev.asynchooks.concurrent.AsyncTasks";

	private static final String AGENT_PACKAGE = "dev.asynchooks.agent";

	private static final StackWalker stackWalker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static volatile @Nullable TaskAccess instance;

	protected TaskAccess() {
	}

	/**
	 * Install the access object; called once, by {@code AsyncTasks}'s static initializer.
	 * @param access the access object, a class of {@code dev.asynchooks.concurrent}
	 * @throws IllegalStateException if one is installed already
	 * @throws IllegalArgumentException if the access object is not the core's
	 */
	public static synchronized void install(TaskAccess access) {
		Class<?> type = access.getClass();
		if (!type.getPackageName().equals("dev.asynchooks.concurrent")
				|| type.getClassLoader() != TaskAccess.class.getClassLoader()
				|| type.getModule() != TaskAccess.class.getModule()) {
			throw new IllegalArgumentException("Only the core installs the task access");
		}
		if (instance != null) {
			throw new IllegalStateException("Task access is already installed");
		}
		instance = access;
	}

	/**
	 * The access object, for the agent; call it once and keep the result in a
	 * {@code static final} field.
	 * @return the access object
	 * @throws IllegalCallerException if the caller is not a class of the agent loaded by
	 * the core's class loader
	 */
	public static TaskAccess get() {
		Class<?> caller = stackWalker.getCallerClass();
		if (caller.getModule() != TaskAccess.class.getModule()
				|| caller.getClassLoader() != TaskAccess.class.getClassLoader()
				|| !(caller.getPackageName().equals(AGENT_PACKAGE)
						|| caller.getPackageName().startsWith(AGENT_PACKAGE + "."))) {
			throw new IllegalCallerException(caller + " may not use the task access");
		}
		TaskAccess access = instance;
		if (access == null) {
			try {
				Class.forName(INSTALLER, true, TaskAccess.class.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
			access = instance;
			if (access == null) {
				throw new IllegalStateException("AsyncTasks did not install the task access");
			}
		}
		return access;
	}

	/**
	 * Whether an object is a task of the core (made by the wrappers, the task factories
	 * or this access object): such a task is a resource already.
	 * @param task any object
	 * @return {@code true} for a task of the core
	 */
	public abstract boolean isTask(@Nullable Object task);

	/**
	 * A one-shot {@code EXECUTOR_TASK} for a runnable handed to {@code execute}, created
	 * now; the resource reported to hooks is {@code task} itself.
	 * @param task the runnable
	 * @return the task to queue instead
	 */
	public abstract Runnable executorTask(Runnable task);

	/**
	 * A one-shot {@code EXECUTOR_TASK} for the future {@code submit} is about to queue
	 * and return, created now; the returned future is the resource reported to hooks, and
	 * the future to return to the caller (a successful {@code cancel} destroys the task).
	 * @param <V> the type of the value
	 * @param future the executor's future
	 * @param task the user's function, which identifies the creation site
	 * @return the future to queue and return instead
	 */
	public abstract <V> RunnableFuture<V> submittedTask(RunnableFuture<V> future, Object task);

	/**
	 * One {@code Timeout} for all the runs of a task a
	 * {@code ScheduledThreadPoolExecutor} queues, created now.
	 * @param <V> the type of the value
	 * @param task the executor's task
	 * @return the task to queue and return instead
	 */
	public abstract <V> RunnableScheduledFuture<V> timeout(RunnableScheduledFuture<V> task);

	/**
	 * One {@code EXECUTOR_TASK} for the task a {@code ScheduledThreadPoolExecutor} queues
	 * for a zero-delay {@code execute}/{@code submit}, created now.
	 * @param <V> the type of the value
	 * @param task the executor's task
	 * @param resource the object reported to hooks ({@code execute}: the runnable), or
	 * {@code null} for the returned task itself ({@code submit})
	 * @return the task to queue and return instead
	 */
	public abstract <V> RunnableScheduledFuture<V> scheduledExecutorTask(RunnableScheduledFuture<V> task,
			@Nullable Object resource);

	/**
	 * One {@code Timeout} for a {@code java.util.TimerTask}, created now, reported as the
	 * timer task: its {@code run()} runs the timer task in scope (and ends a one-shot
	 * one); {@link #end(Object)} ends it.
	 * @param task the timer task
	 * @param once whether it runs once
	 * @return the timeout
	 */
	public abstract Runnable timerTask(Runnable task, boolean once);

	/**
	 * A one-run resource kept beside a JDK object the agent cannot wrap, created now and
	 * reported as that object.
	 * @param type the resource type
	 * @param resource the object
	 * @return the task, for {@link #enter}, {@link #exit} and {@link #end}
	 */
	public abstract Object task(String type, Object resource);

	/**
	 * Claim the one run of a task made by {@link #task} and enter its scope.
	 * @param task the task
	 * @return {@code true} if {@link #exit} must follow on this thread; {@code false} if
	 * the task ended or runs already
	 */
	public abstract boolean enter(Object task);

	/**
	 * Leave the scope entered by {@link #enter} and destroy the task.
	 * @param task the task
	 */
	public abstract void exit(Object task);

	/**
	 * End a task of the core: destroyed now if it is not running, after its run
	 * otherwise. Idempotent.
	 * @param task the task
	 */
	public abstract void end(Object task);

	/**
	 * End a task of the core that an executor dropped (rejected, drained at shutdown):
	 * destroyed now unless it runs, and the object its caller handed over.
	 * @param task a task of the core, or any other object (returned as it is)
	 * @return what the application gave: the runnable given to {@code execute}, the
	 * future returned by {@code submit}
	 */
	public abstract Object dropped(Object task);

}
