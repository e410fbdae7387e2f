package dev.asynchooks.autoconfigure.quartz;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.asynchooks.concurrent.Timeouts;
import org.jspecify.annotations.Nullable;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.SchedulerListenerSupport;

/**
 * The {@link TriggerTimeout}s of one scheduler, kept up to date by its scheduler events:
 * when the scheduler starts, every trigger it holds gets its resource (the triggers a
 * {@code SchedulerFactoryBean} registers while the context is refreshed are scheduled
 * before the application's hooks are enabled); after that, a trigger scheduled gets its
 * resource at once, in the scheduling code's context. A trigger finalized, unscheduled,
 * or whose job is deleted, and every trigger when the scheduler shuts down or its data is
 * cleared, ends its resource; so does a scheduler put in standby (the context stopped),
 * and starting it again gives its triggers new resources. A trigger that fires without
 * having been seen (scheduled by another node of a cluster, or due at once and fired
 * before Quartz told its listeners that it was scheduled) gets its resource at its first
 * firing, in the context of the Quartz thread.
 */
final class TriggerTimeouts extends SchedulerListenerSupport {

	private final ConcurrentMap<TriggerKey, TriggerTimeout> timeouts = new ConcurrentHashMap<>();

	private final Timeouts resources = new Timeouts();

	private volatile @Nullable Scheduler scheduler;

	private volatile boolean started;

	void setScheduler(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * The resource of a trigger, created if it has none.
	 * @param trigger the trigger
	 * @return its resource
	 */
	TriggerTimeout timeout(Trigger trigger) {
		TriggerTimeout timeout = this.timeouts.get(trigger.getKey());
		return (timeout != null) ? timeout
				: this.timeouts.computeIfAbsent(trigger.getKey(), (key) -> new TriggerTimeout(trigger, this.resources));
	}

	@Override
	public void schedulerStarting() {
		Scheduler scheduler = this.scheduler;
		if (scheduler != null) {
			try {
				for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
					Trigger trigger = scheduler.getTrigger(key);
					if (trigger != null) {
						timeout(trigger);
					}
				}
			}
			catch (SchedulerException ex) {
				// the job store could not be read: the triggers get their resources when
				// they fire
			}
		}
		this.started = true;
	}

	@Override
	public void jobScheduled(Trigger trigger) {
		if (!this.started) {
			// made when the scheduler starts, once hooks are enabled
			return;
		}
		// a trigger due at once may already have fired (and got its resource) before
		// Quartz tells its listeners that it was scheduled; a trigger scheduled again
		// under the same key was unscheduled first
		timeout(trigger);
	}

	@Override
	public void jobUnscheduled(TriggerKey triggerKey) {
		end(this.timeouts.remove(triggerKey));
	}

	@Override
	public void triggerFinalized(Trigger trigger) {
		end(this.timeouts.remove(trigger.getKey()));
	}

	@Override
	public void jobDeleted(JobKey jobKey) {
		List<TriggerKey> keys = new ArrayList<>();
		this.timeouts.forEach((key, timeout) -> {
			if (timeout.jobKey().equals(jobKey)) {
				keys.add(key);
			}
		});
		keys.forEach((key) -> end(this.timeouts.remove(key)));
	}

	// the context stops the scheduler (SchedulerFactoryBean.stop) before it is shut down,
	// while the application's hooks are still enabled; a scheduler started again makes
	// new resources for its triggers
	@Override
	public void schedulerInStandbyMode() {
		this.started = false;
		endAll();
	}

	@Override
	public void schedulerShutdown() {
		this.started = false;
		endAll();
	}

	@Override
	public void schedulingDataCleared() {
		endAll();
	}

	private void endAll() {
		new ArrayList<>(this.timeouts.keySet()).forEach((key) -> end(this.timeouts.remove(key)));
	}

	private static void end(@Nullable TriggerTimeout timeout) {
		if (timeout != null) {
			timeout.end();
		}
	}

}
