package dev.asynchooks.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code Thread.start()}: each thread the application starts, platform or virtual, is a
 * {@code THREAD} (see {@link Threads}). Threads that a JDK pool or timer starts for
 * itself are infrastructure: the thread pools mark the calls that start them.
 */
final class ThreadInstrumentation implements AgentInstrumentation {

	@Override
	public AgentBuilder instrument(AgentBuilder agent) {
		return agent.type(named("java.lang.Thread"))
			.transform((builder, type, loader, module, domain) -> builder
				// start(): platform threads; start(ThreadContainer) on JDK 21+: threads
				// of a
				// thread-per-task executor
				.visit(ByteBuddyTransformer.advice(Start.class).on(named("start").and(takesArguments(0))))
				.visit(ByteBuddyTransformer.advice(Start.class).on(named("start").and(takesArguments(1))))
				.visit(ByteBuddyTransformer.advice(Run.class).on(named("run").and(takesArguments(0))))
				.visit(ByteBuddyTransformer.advice(Exit.class).on(named("exit").and(takesArguments(0)))))
			.type(named("java.lang.VirtualThread"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Start.class).on(named("start").and(takesArguments(0))))
				.visit(ByteBuddyTransformer.advice(Start.class).on(named("start").and(takesArguments(1))))
				.visit(ByteBuddyTransformer.advice(Run.class).on(named("run").and(takesArguments(Runnable.class)))))
			// subclasses that override run(), retransformed as their first instance
			// starts
			.type((description, loader, module, redefined, domain) -> Threads.isSubclassToInstrument(redefined))
			.transform((builder, type, loader, module,
					domain) -> builder.visit(ByteBuddyTransformer.advice(Run.class)
						.on(named("run").and(takesArguments(0)).and(isDeclaredBy(type)))))
			// the pools' own threads
			.type(named("java.util.concurrent.ThreadPoolExecutor"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Infrastructure.class).on(named("addWorker"))))
			.type(named("java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(ThreadPerTask.class)
					.on(named("execute").and(takesArguments(Runnable.class)))));
	}

	static final class Start {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.This Thread thread) {
			return Threads.starting(thread);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.This Thread thread, @Advice.Enter Object started, @Advice.Thrown Throwable thrown) {
			if (thrown != null) {
				Threads.notStarted(thread, started);
			}
		}

	}

	/**
	 * Also applied to the {@code run()} of {@code Thread} subclasses that override it.
	 */
	static final class Run {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.This Thread thread) {
			return Threads.running(thread);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.This Thread thread, @Advice.Enter Object running) {
			Threads.ran(thread, running);
		}

	}

	static final class Exit {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.This Thread thread) {
			Threads.exited(thread);
		}

	}

	static final class Infrastructure {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static boolean enter() {
			return Threads.enterInfrastructure();
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter boolean previous) {
			Threads.exitInfrastructure(previous);
		}

	}

	/**
	 * {@code CompletableFuture}'s executor when the common pool has no parallelism: the
	 * task is an {@code EXECUTOR_TASK}, as on the common pool, and its thread is
	 * infrastructure.
	 */
	static final class ThreadPerTask {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static boolean enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
			task = ExecutorTasks.execute(task);
			return Threads.enterInfrastructure();
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter boolean previous) {
			Threads.exitInfrastructure(previous);
		}

	}

}
