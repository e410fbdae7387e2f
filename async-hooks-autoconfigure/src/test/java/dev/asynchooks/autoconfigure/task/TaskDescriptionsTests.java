package dev.asynchooks.autoconfigure.task;

import org.junit.jupiter.api.Test;

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
	void lambdaIsDescribedByTheClassThatDeclaresIt() {
		Runnable task = () -> {
		};
		assertThat(TaskDescriptions.of(task)).isEqualTo("TaskDescriptionsTests (lambda)");
	}

	@Test
	void otherTaskIsDescribedByItsClassNeverByItsToString() {
		assertThat(TaskDescriptions.of(new SecretTask())).isEqualTo("TaskDescriptionsTests$SecretTask");
	}

	public static class Reports {

		public void send() {
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
