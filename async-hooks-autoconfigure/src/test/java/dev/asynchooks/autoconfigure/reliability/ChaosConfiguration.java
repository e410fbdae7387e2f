package dev.asynchooks.autoconfigure.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.concurrent.TrackedCompletableFuture;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * What the two chaos applications share: the ledger hook, two bounded executors of the
 * application's own (one with a small queue that requests fill, one that a request
 * saturates on purpose), an {@code @Async} bean, {@code TrackedCompletableFuture} chains
 * and a {@code @Scheduled} task. Every answer that succeeds carries {@code tag=<store>;},
 * the {@link #TAG} store read where the work ran.
 *
 * @author async-hooks
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
@EnableScheduling
class ChaosConfiguration {

	/** The request's {@code X-Tag}, set by each application's filter. */
	static final AsyncLocalStorage<String> TAG = new AsyncLocalStorage<>("chaos-tag", null);

	/** Tasks a request puts on the saturated executor: more than it holds. */
	static final int SATURATING_TASKS = 6;

	@Bean
	ChaosLedger chaosLedger() {
		return new ChaosLedger();
	}

	// not default candidates: Boot's applicationTaskExecutor stays, for @Async and MVC
	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor boundedExecutor() {
		return executor("chaos-bounded-", 4);
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor saturatedExecutor() {
		return executor("chaos-saturated-", 2);
	}

	private static ThreadPoolTaskExecutor executor(String prefix, int queue) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setQueueCapacity(queue);
		executor.setThreadNamePrefix(prefix);
		executor.setPrestartAllCoreThreads(true);
		return executor;
	}

	@Bean
	ChaosWork chaosWork(AsyncTaskExecutor applicationTaskExecutor,
			@Qualifier("boundedExecutor") ThreadPoolTaskExecutor boundedExecutor,
			@Qualifier("saturatedExecutor") ThreadPoolTaskExecutor saturatedExecutor) {
		return new ChaosWork(applicationTaskExecutor, boundedExecutor, saturatedExecutor);
	}

	@Bean
	Ticker ticker() {
		return new Ticker();
	}

	static String tagged(String what) {
		return what + " tag=" + TAG.getStore() + ";";
	}

	/**
	 * The work behind the handlers of both applications.
	 */
	static class ChaosWork {

		private final AsyncTaskExecutor applicationTaskExecutor;

		private final ThreadPoolTaskExecutor boundedExecutor;

		private final ThreadPoolTaskExecutor saturatedExecutor;

		// streams whose client went away, as the server saw it
		private final LongAdder streamsEnded = new LongAdder();

		ChaosWork(AsyncTaskExecutor applicationTaskExecutor, ThreadPoolTaskExecutor boundedExecutor,
				ThreadPoolTaskExecutor saturatedExecutor) {
			this.applicationTaskExecutor = applicationTaskExecutor;
			this.boundedExecutor = boundedExecutor;
			this.saturatedExecutor = saturatedExecutor;
		}

		// public: this bean is proxied for @Async, and only the proxy's public methods
		// reach the target
		public void streamEnded() {
			this.streamsEnded.increment();
		}

		public long streamsEnded() {
			return this.streamsEnded.sum();
		}

		public AsyncTaskExecutor applicationTaskExecutor() {
			return this.applicationTaskExecutor;
		}

		public ThreadPoolTaskExecutor boundedExecutor() {
			return this.boundedExecutor;
		}

		public ThreadPoolTaskExecutor saturatedExecutor() {
			return this.saturatedExecutor;
		}

		@Async
		public CompletableFuture<String> async(boolean fail) {
			if (fail) {
				throw new IllegalStateException("chaos: @Async method failed");
			}
			return CompletableFuture.completedFuture(tagged("async"));
		}

		/**
		 * A chain of promises across the application's executor: a supply, a dependent
		 * that may throw, and a composed stage.
		 * @param fail whether the middle stage throws
		 * @return the chain's last stage
		 */
		public CompletionStage<String> tracked(boolean fail) {
			return TrackedCompletableFuture.supplyAsync(() -> tagged("tracked"), this.applicationTaskExecutor)
				.thenApplyAsync((text) -> {
					if (fail) {
						throw new IllegalStateException("chaos: stage failed");
					}
					return text;
				}, this.applicationTaskExecutor)
				.thenCompose((text) -> TrackedCompletableFuture.supplyAsync(() -> text, this.applicationTaskExecutor));
		}

		/**
		 * A promise nobody completes, timed out; its handler runs in the registering
		 * code's context.
		 * @return a stage that completes after the timeout
		 */
		public CompletionStage<String> trackedTimeout() {
			return new TrackedCompletableFuture<String>().orTimeout(10, TimeUnit.MILLISECONDS)
				.exceptionally((ex) -> tagged("tracked-timeout"));
		}

		/**
		 * Run a task on the bounded executor, whose small queue the load fills.
		 * @return the task's answer; a stage failed with {@link TaskRejectedException}
		 * when it was rejected
		 */
		public CompletableFuture<String> bounded() {
			try {
				return this.boundedExecutor.submitCompletable(() -> tagged("bounded"));
			}
			catch (TaskRejectedException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		/**
		 * Put more tasks on the saturated executor than it holds, each waiting until all
		 * were submitted: at least {@code SATURATING_TASKS - 4} are rejected whatever
		 * else runs (all of them when other requests' tasks fill it).
		 * @return the answer once the accepted tasks have run
		 */
		public CompletableFuture<String> saturate() {
			CountDownLatch submitted = new CountDownLatch(1);
			List<CompletableFuture<String>> accepted = new ArrayList<>();
			int rejected = 0;
			for (int i = 0; i < SATURATING_TASKS; i++) {
				try {
					accepted.add(this.saturatedExecutor.submitCompletable(() -> {
						submitted.await(30, TimeUnit.SECONDS);
						return tagged("saturated");
					}));
				}
				catch (TaskRejectedException ex) {
					rejected++;
				}
			}
			submitted.countDown();
			if (rejected < SATURATING_TASKS - 4) {
				return CompletableFuture
					.failedFuture(new IllegalStateException("only " + rejected + " rejections of " + SATURATING_TASKS));
			}
			int rejections = rejected;
			if (accepted.isEmpty()) {
				// other requests' tasks filled it
				return CompletableFuture.completedFuture(tagged("saturated") + " rejected=" + rejections);
			}
			return accepted.get(0)
				.thenCombine(CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)),
						(text, all) -> text + " rejected=" + rejections);
		}

	}

	/**
	 * A periodic task: one {@code Timeout} for as long as the application runs.
	 */
	static class Ticker {

		final LongAdder ticks = new LongAdder();

		@Scheduled(fixedRate = 50)
		void tick() {
			this.ticks.increment();
		}

	}

}
