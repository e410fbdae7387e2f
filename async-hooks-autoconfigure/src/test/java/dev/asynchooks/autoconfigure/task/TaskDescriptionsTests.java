package dev.asynchooks.autoconfigure.task;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

import org.junit.jupiter.api.Test;

import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskDescriptions}.
 */
class TaskDescriptionsTests {

	@Test
	void scheduledMethodIsDescribedByItsClassAndMethod() throws Exception {
		Reports reports = new Reports();
		ScheduledMethodRunnable task = new ScheduledMethodRunnable(reports, Reports.class.getMethod("send"));
		assertThat(TaskDescriptions.of(task)).isEqualTo("Reports.send()");
	}

	@Test
	void scheduledMethodWrappedBySpringIsDescribedByItsClassAndMethod() throws Exception {
		Reports reports = new Reports();
		ScheduledMethodRunnable method = new ScheduledMethodRunnable(reports, Reports.class.getMethod("send"));
		Runnable tracked = new IntervalTask(method, Duration.ofSeconds(1)).getRunnable();
		Runnable wrapped = new DelegatingErrorHandlingRunnable(tracked, (ex) -> {
		});
		assertThat(tracked).isNotInstanceOf(ScheduledMethodRunnable.class);
		assertThat(TaskDescriptions.of(wrapped)).isEqualTo("Reports.send()");
	}

	@Test
	void lambdaIsDescribedByTheClassThatDeclaresIt() {
		Runnable task = () -> {
		};
		assertThat(TaskDescriptions.of(task)).isEqualTo("TaskDescriptionsTests (lambda)");
	}

	@Test
	void callableSubmittedToAnExecutorIsDescribedByTheUsersFunctionNotTheFutureTask() {
		Callable<String> callable = () -> "done";
		assertThat(TaskDescriptions.of(new FutureTask<>(callable))).isEqualTo("TaskDescriptionsTests (lambda)");
	}

	@Test
	void runnableSubmittedToAnExecutorIsDescribedByTheUsersFunctionNotTheJdkAdapter() {
		Runnable runnable = () -> {
		};
		assertThat(TaskDescriptions.of(new FutureTask<>(runnable, null))).isEqualTo("TaskDescriptionsTests (lambda)");
		assertThat(TaskDescriptions.of(new FutureTask<>(new Reports()::send, null)))
			.isEqualTo("TaskDescriptionsTests (lambda)");
	}

	@Test
	void futureTaskOfAClassIsDescribedByThatClassNeverByItsToString() {
		assertThat(TaskDescriptions.of(new FutureTask<>(new SecretTask(), null))).isEqualTo("FutureTask");
		assertThat(TaskDescriptions.of(new FutureTask<>(new PlainTask(), null)))
			.isEqualTo("TaskDescriptionsTests$PlainTask");
	}

	@Test
	void completedFutureTaskIsDescribedAsAFutureTask() {
		FutureTask<String> task = new FutureTask<>(() -> "done");
		task.run();
		assertThat(TaskDescriptions.of(task)).isEqualTo("FutureTask");
	}

	@Test
	void otherTaskIsDescribedByItsClassNeverByItsToString() {
		assertThat(TaskDescriptions.of(new SecretTask())).isEqualTo("TaskDescriptionsTests$SecretTask");
	}

	public static class Reports {

		public void send() {
		}

	}

	static class PlainTask implements Runnable {

		@Override
		public void run() {
		}

	}

	static class SecretTask implements Runnable {

		@Override
		public void run() {
		}

		@Override
		public String toString() {
			return "password=hunter2";
		}

	}

}
