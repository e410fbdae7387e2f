package dev.asynchooks.autoconfigure.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task registered with a Spring {@link TaskScheduler} and cancelled before it runs is
 * destroyed inside {@code cancel()}, on the cancelling thread (SPEC rule 10), whatever
 * the kind of registration and whichever scheduler Spring Boot or the application made.
 *
 * @author async-hooks
 */
class TaskSchedulerCancelTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksTaskAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	private final RecordingCallbacks recorder = new RecordingCallbacks();

	private final Map<Long, Thread> destroyedOn = new ConcurrentHashMap<>();

	private AsyncHook hook;

	private AsyncHook destroyThreads;

	@BeforeEach
	void enableRecorder() {
		this.hook = AsyncHooks.createHook(this.recorder).enable();
		this.destroyThreads = AsyncHooks.createHook(new HookCallbacks() {

			@Override
			public void destroy(long asyncId) {
				TaskSchedulerCancelTests.this.destroyedOn.put(asyncId, Thread.currentThread());
			}

		}).enable();
	}

	@AfterEach
	void disableRecorder() {
		this.hook.disable();
		this.destroyThreads.disable();
	}

	@Test
	void oneShotTaskCancelledBeforeItRunsIsDestroyedInsideCancel() {
		cancelledBeforeItRuns(SchedulingConfiguration.class,
				(scheduler) -> scheduler.schedule(this::mustNotRun, Instant.now().plusSeconds(3600)));
	}

	@Test
	void fixedRateTaskCancelledBeforeItRunsIsDestroyedInsideCancel() {
		cancelledBeforeItRuns(SchedulingConfiguration.class, (scheduler) -> scheduler
			.scheduleAtFixedRate(this::mustNotRun, Instant.now().plusSeconds(3600), Duration.ofHours(1)));
	}

	@Test
	void fixedDelayTaskCancelledBeforeItRunsIsDestroyedInsideCancel() {
		cancelledBeforeItRuns(SchedulingConfiguration.class, (scheduler) -> scheduler
			.scheduleWithFixedDelay(this::mustNotRun, Instant.now().plusSeconds(3600), Duration.ofHours(1)));
	}

	@Test
	void triggerTaskCancelledBeforeItRunsIsDestroyedInsideCancel() {
		cancelledBeforeItRuns(SchedulingConfiguration.class,
				(scheduler) -> scheduler.schedule(this::mustNotRun, new CronTrigger("0 0 0 1 1 *")));
	}

	@Test
	void taskOfASimpleAsyncTaskSchedulerCancelledBeforeItRunsIsDestroyedInsideCancel() {
		cancelledBeforeItRuns(SimpleSchedulerConfiguration.class,
				(scheduler) -> scheduler.schedule(this::mustNotRun, Instant.now().plusSeconds(3600)));
		cancelledBeforeItRuns(SimpleSchedulerConfiguration.class, (scheduler) -> scheduler
			.scheduleAtFixedRate(this::mustNotRun, Instant.now().plusSeconds(3600), Duration.ofHours(1)));
	}

	private void cancelledBeforeItRuns(Class<?> configuration, Function<TaskScheduler, ScheduledFuture<?>> schedule) {
		this.contextRunner.withUserConfiguration(configuration).run((context) -> {
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			AsyncResource submitter = new AsyncResource("SUBMITTER");
			ScheduledFuture<?> future = submitter.runInAsyncScope(() -> schedule.apply(scheduler));
			submitter.emitDestroy();
			List<Event> inits = this.recorder.inits(ResourceTypes.TIMEOUT, submitter.asyncId());
			assertThat(inits).hasSize(1);
			long timeout = inits.get(0).asyncId();
			assertThat(this.recorder.kinds(timeout)).containsExactly("init");
			assertThat(future.cancel(false)).isTrue();
			assertThat(this.recorder.kinds(timeout)).containsExactly("init", "destroy");
			assertThat(this.destroyedOn.get(timeout)).isSameAs(Thread.currentThread());
			assertThat(future.isCancelled()).isTrue();
			assertThat(future.cancel(false)).isFalse();
			assertThat(this.recorder.kinds(timeout)).containsExactly("init", "destroy");
		});
	}

	private void mustNotRun() {
		throw new AssertionError("cancelled before it runs");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SimpleSchedulerConfiguration {

		@Bean(destroyMethod = "close")
		SimpleAsyncTaskScheduler simpleScheduler() {
			return new SimpleAsyncTaskScheduler();
		}

	}

}
