package dev.asynchooks.autoconfigure.quartz;

import dev.asynchooks.DescribedResource;
import dev.asynchooks.concurrent.Timeout;
import dev.asynchooks.concurrent.Timeouts;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Trigger;

/**
 * One trigger registered with a Quartz scheduler, as reported to hooks: the resource
 * object of a core {@link Timeout} created when the trigger is scheduled (on the
 * scheduling thread, so its trigger is the code that scheduled it), entered once per
 * firing around the job, and ended when the trigger will fire no more (finalized,
 * unscheduled, its job deleted, the scheduler shut down): at once, or after the firing in
 * progress.
 */
final class TriggerTimeout implements DescribedResource {

	private final JobKey jobKey;

	private final String description;

	private final Timeout timeout;

	TriggerTimeout(Trigger trigger, Timeouts timeouts) {
		this.jobKey = trigger.getJobKey();
		this.description = "Quartz job " + trigger.getJobKey() + " (trigger " + trigger.getKey() + ")";
		// Quartz makes a new job for each firing, run through run(Job, context): the
		// timeout's own task has nothing to do
		this.timeout = timeouts.repeating(() -> {
		}, this);
	}

	/**
	 * Run one firing of the trigger's job in its resource.
	 * @param job the job
	 * @param context the job's context
	 * @throws JobExecutionException as the job throws it
	 */
	void run(Job job, JobExecutionContext context) throws JobExecutionException {
		try {
			this.timeout.call(() -> {
				job.execute(context);
				return null;
			});
		}
		catch (JobExecutionException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Exception ex) {
			// Job.execute throws nothing else
			throw new JobExecutionException(ex);
		}
	}

	/**
	 * The trigger fires no more: destroy the resource now, or after the firing in
	 * progress.
	 */
	void end() {
		this.timeout.emitDestroy();
	}

	JobKey jobKey() {
		return this.jobKey;
	}

	@Override
	public String asyncDescription() {
		return this.description;
	}

}
