package dev.asynchooks.autoconfigure.quartz;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Quartz jobs run by Spring Boot's {@code SchedulerFactoryBean} on a real Quartz
 * scheduler: one {@code Timeout} per trigger registration, a {@code before}/{@code after}
 * pair around each firing with the job inside, a {@code destroy} when the trigger fires
 * no more.
 *
 * @author async-hooks
 */
class QuartzIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksQuartzAutoConfiguration.class, QuartzAutoConfiguration.class))
		// one worker: two firings never run at once, so each trigger's before/after pairs
		// follow one another
		// a context closed while the scheduler thread is starting a job makes Quartz log
		// a failed job instantiation (the job factory's context is closed): shutdown
		// waits
		// for the scheduler thread instead
		.withPropertyValues("spring.quartz.properties.org.quartz.threadPool.threadCount=1",
				"spring.quartz.wait-for-jobs-to-complete-on-shutdown=true")
		.withUserConfiguration(JobConfiguration.class);

	@Test
	void triggerRegisteredAtStartupIsOneTimeoutWithARunPerFiring() {
		this.contextRunner.run((context) -> {
			RecordingCallbacks recorder = context.getBean(RecordingCallbacks.class);
			Map<String, List<Long>> runs = context.getBean(Runs.class).runs;
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.getOrDefault("startup", List.of()).size() == 3);
			Event init = timeoutOf(recorder, "startup");
			assertThat(init.triggerAsyncId()).isEqualTo(1);
			assertThat(runs.get("startup")).containsExactly(init.asyncId(), init.asyncId(), init.asyncId());
			// the last firing finalizes the trigger: destroyed after its run
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.kinds(init.asyncId()).contains("destroy"));
			assertThat(recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "before", "after",
					"before", "after", "destroy");
		});
	}

	@Test
	void triggerScheduledInsideAResourceIsTriggeredByItAndRunsInIt() {
		this.contextRunner.run((context) -> {
			RecordingCallbacks recorder = context.getBean(RecordingCallbacks.class);
			Map<String, List<Long>> runs = context.getBean(Runs.class).runs;
			Scheduler scheduler = context.getBean(Scheduler.class);
			// scheduled paused, so that it cannot fire before the scheduling call has
			// returned: a trigger due at once may, and then gets its resource at that
			// first firing
			scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals("paused"));
			AsyncResource caller = new AsyncResource("CALLER");
			schedule(scheduler, caller, TriggerBuilder.newTrigger()
				.withIdentity("repeating", "paused")
				.forJob("recording")
				.usingJobData("name", "repeating")
				.withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(10).withRepeatCount(3))
				.build());
			caller.emitDestroy();
			List<Event> inits = recorder.inits(ResourceTypes.TIMEOUT, caller.asyncId());
			assertThat(inits).singleElement()
				.satisfies((init) -> assertThat(init.resource()).isInstanceOf(TriggerTimeout.class));
			long timeout = inits.get(0).asyncId();
			assertThat(((TriggerTimeout) inits.get(0).resource()).asyncDescription())
				.isEqualTo("Quartz job DEFAULT.recording (trigger paused.repeating)");
			scheduler.resumeTriggers(GroupMatcher.triggerGroupEquals("paused"));
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.kinds(timeout).contains("destroy"));
			assertThat(runs.get("repeating")).containsExactly(timeout, timeout, timeout, timeout);
			assertThat(recorder.kinds(timeout)).containsExactly("init", "before", "after", "before", "after", "before",
					"after", "before", "after", "destroy");
		});
	}

	@Test
	void unschedulingATriggerDestroysIt() {
		this.contextRunner.run((context) -> {
			RecordingCallbacks recorder = context.getBean(RecordingCallbacks.class);
			Map<String, List<Long>> runs = context.getBean(Runs.class).runs;
			Scheduler scheduler = context.getBean(Scheduler.class);
			AsyncResource caller = new AsyncResource("CALLER");
			schedule(scheduler, caller,
					TriggerBuilder.newTrigger()
						.withIdentity("later")
						.forJob("recording")
						.usingJobData("name", "later")
						.startAt(Date.from(Instant.now().plus(Duration.ofHours(1))))
						.build());
			caller.emitDestroy();
			long timeout = recorder.inits(ResourceTypes.TIMEOUT, caller.asyncId()).get(0).asyncId();
			assertThat(recorder.kinds(timeout)).containsExactly("init");
			assertThat(scheduler.unscheduleJob(TriggerKey.triggerKey("later"))).isTrue();
			assertThat(recorder.kinds(timeout)).containsExactly("init", "destroy");
			assertThat(runs).doesNotContainKey("later");
		});
	}

	private static void schedule(Scheduler scheduler, AsyncResource caller, Trigger trigger) {
		caller.runInAsyncScope(() -> {
			try {
				scheduler.scheduleJob(trigger);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@Test
	void triggersStillLiveAreDestroyedWhenTheSchedulerShutsDown() {
		RecordingCallbacks[] recorder = new RecordingCallbacks[1];
		long[] timeout = new long[1];
		this.contextRunner
			.withBean("forever", Trigger.class,
					() -> TriggerBuilder.newTrigger()
						.withIdentity("forever")
						.forJob("recording")
						.usingJobData("name", "forever")
						.withSchedule(SimpleScheduleBuilder.repeatHourlyForever())
						.build())
			.run((context) -> {
				recorder[0] = context.getBean(RecordingCallbacks.class);
				Map<String, List<Long>> runs = context.getBean(Runs.class).runs;
				await().atMost(Duration.ofSeconds(30)).until(() -> runs.containsKey("forever"));
				timeout[0] = timeoutOf(recorder[0], "forever").asyncId();
				assertThat(recorder[0].kinds(timeout[0])).doesNotContain("destroy");
			});
		assertThat(recorder[0].kinds(timeout[0])).last().isEqualTo("destroy");
	}

	@Test
	void quartzIntegrationBacksOffWithoutQuartzOrWhenDisabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Scheduler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(QuartzBeanPostProcessor.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(SchedulerFactoryBean.class))
			.run((context) -> assertThat(context).doesNotHaveBean(QuartzBeanPostProcessor.class));
		this.contextRunner.withPropertyValues("async-hooks.quartz.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(QuartzBeanPostProcessor.class));
		this.contextRunner.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(QuartzBeanPostProcessor.class));
	}

	private static Event timeoutOf(RecordingCallbacks recorder, String triggerName) {
		return recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && event.type().equals(ResourceTypes.TIMEOUT)
					&& event.resource() instanceof TriggerTimeout timeout
					&& timeout.asyncDescription().endsWith("(trigger DEFAULT." + triggerName + ")"))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class JobConfiguration {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Bean
		Runs runs() {
			return new Runs();
		}

		@Bean
		JobDetail recordingJob() {
			return JobBuilder.newJob(RecordingJob.class).withIdentity("recording").storeDurably().build();
		}

		@Bean
		Trigger startupTrigger() {
			return TriggerBuilder.newTrigger()
				.withIdentity("startup")
				.forJob("recording")
				.usingJobData("name", "startup")
				.withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(10).withRepeatCount(2))
				.build();
		}

	}

	/**
	 * The runs of one context (a job of a context closed before may still run after the
	 * next one started).
	 */
	static class Runs {

		final Map<String, List<Long>> runs = new ConcurrentHashMap<>();

	}

	/**
	 * Records the execution id of each run under the name its trigger gives, in the
	 * {@link Runs} of its context (autowired by Spring Boot's job factory).
	 */
	public static class RecordingJob implements Job {

		@Autowired
		private Runs runs;

		@Override
		public void execute(JobExecutionContext context) {
			String name = context.getMergedJobDataMap().getString("name");
			this.runs.runs.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>())
				.add(AsyncHooks.executionAsyncId());
		}

	}

}
