package dev.asynchooks.autoconfigure.quartz;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import dev.asynchooks.ResourceTypes;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Trigger;

/**
 * One trigger registered with a Quartz scheduler: a {@code Timeout} resource created when
 * the trigger is scheduled (on the scheduling thread, so its trigger is the code that
 * scheduled it), entered once per firing around the job, and destroyed when the trigger
 * will fire no more (finalized, unscheduled, its job deleted, the scheduler shut down),
 * after a run in progress has ended.
 */
final class TriggerTimeout extends AsyncResource implements DescribedResource {

	private static final AsyncResourceOptions OPTIONS = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final JobKey jobKey;

	private final String description;

	private int running;

	private boolean ended;

	TriggerTimeout(Trigger trigger) {
		super(ResourceTypes.TIMEOUT, OPTIONS);
		this.jobKey = trigger.getJobKey();
		this.description = "Quartz job " + trigger.getJobKey() + " (trigger " + trigger.getKey() + ")";
	}

	/**
	 * Run one firing of the trigger's job in this resource.
	 * @param job the job
	 * @param context the job's context
	 * @throws JobExecutionException as the job throws it
	 */
	void run(Job job, JobExecutionContext context) throws JobExecutionException {
		synchronized (this) {
			if (this.ended && this.running == 0) {
				// fired after it ended (a race with unscheduling): run it outside
				job.execute(context);
				return;
			}
			this.running++;
		}
		try {
			callInAsyncScope(() -> {
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
		finally {
			boolean destroy;
			synchronized (this) {
				this.running--;
				destroy = this.ended && this.running == 0;
			}
			if (destroy) {
				emitDestroy();
			}
		}
	}

	/**
	 * The trigger fires no more: destroy the resource now, or after the run in progress.
	 */
	void end() {
		synchronized (this) {
			this.ended = true;
			if (this.running != 0) {
				return;
			}
		}
		emitDestroy();
	}

	JobKey jobKey() {
		return this.jobKey;
	}

	@Override
	public String asyncDescription() {
		return this.description;
	}

}
