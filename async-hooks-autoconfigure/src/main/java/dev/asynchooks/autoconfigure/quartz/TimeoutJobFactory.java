package dev.asynchooks.autoconfigure.quartz;

import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.quartz.UnableToInterruptJobException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.scheduling.quartz.SchedulerContextAware;

/**
 * A {@link JobFactory} around the scheduler's own that runs each job in the
 * {@link TriggerTimeout} of the trigger that fired it. The job instance Quartz holds is a
 * wrapper ({@code JobExecutionContext.getJobInstance()} returns it), interruptible when
 * the job is; what Quartz reads from the job class ({@code @DisallowConcurrentExecution},
 * {@code @PersistJobDataAfterExecution}) comes from the {@code JobDetail} and is
 * unchanged.
 */
final class TimeoutJobFactory implements JobFactory, ApplicationContextAware, SchedulerContextAware {

	private final JobFactory delegate;

	private final TriggerTimeouts timeouts;

	TimeoutJobFactory(JobFactory delegate, TriggerTimeouts timeouts) {
		this.delegate = delegate;
		this.timeouts = timeouts;
	}

	JobFactory delegate() {
		return this.delegate;
	}

	@Override
	public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
		Job job = this.delegate.newJob(bundle, scheduler);
		TriggerTimeout timeout = this.timeouts.timeout(bundle.getTrigger());
		return (job instanceof InterruptableJob interruptable) ? new InterruptableTimeoutJob(interruptable, timeout)
				: new TimeoutJob(job, timeout);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
		if (this.delegate instanceof ApplicationContextAware aware) {
			aware.setApplicationContext(applicationContext);
		}
	}

	@Override
	public void setSchedulerContext(SchedulerContext schedulerContext) {
		if (this.delegate instanceof SchedulerContextAware aware) {
			aware.setSchedulerContext(schedulerContext);
		}
	}

	/** A job run in its trigger's resource. */
	static class TimeoutJob implements Job {

		private final Job job;

		private final TriggerTimeout timeout;

		TimeoutJob(Job job, TriggerTimeout timeout) {
			this.job = job;
			this.timeout = timeout;
		}

		Job job() {
			return this.job;
		}

		@Override
		public void execute(JobExecutionContext context) throws JobExecutionException {
			this.timeout.run(this.job, context);
		}

		@Override
		public String toString() {
			return this.job.toString();
		}

	}

	/** An interruptible job run in its trigger's resource. */
	static final class InterruptableTimeoutJob extends TimeoutJob implements InterruptableJob {

		InterruptableTimeoutJob(InterruptableJob job, TriggerTimeout timeout) {
			super(job, timeout);
		}

		@Override
		public void interrupt() throws UnableToInterruptJobException {
			((InterruptableJob) job()).interrupt();
		}

	}

}
