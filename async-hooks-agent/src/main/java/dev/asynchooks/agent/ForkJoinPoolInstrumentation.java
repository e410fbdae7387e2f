package dev.asynchooks.agent;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code ForkJoinPool} and {@code ForkJoinTask}: every task submitted to a pool from
 * outside ({@code execute}, {@code submit}, {@code invoke}, the common pool of
 * {@code CompletableFuture.*Async}) and every task forked ({@code fork()}, the subtasks
 * of a parallel stream) is an {@code EXECUTOR_TASK} (see {@link ForkJoinTasks}). The JDK
 * routes every external submission through one private method: {@code externalSubmit} on
 * JDK 17, {@code poolSubmit} on JDK 21+.
 */
final class ForkJoinPoolInstrumentation implements AgentInstrumentation {

	@Override
	public AgentBuilder instrument(AgentBuilder agent) {
		// loaded now and retransformed: the advice names them, and describing it while
		// one
		// of them loads would be circular
		AgentInstaller.loaded(ForkJoinPool.class, ForkJoinTask.class);
		return agent.type(named("java.util.concurrent.ForkJoinPool"))
			.transform(
					(builder, type, loader, module, domain) -> builder
						.visit(AgentInstaller.advice(ExternalSubmit.class)
							.on(named("externalSubmit").and(takesArguments(1))
								.and(takesArgument(0, ForkJoinTask.class))))
						.visit(AgentInstaller.advice(PoolSubmit.class)
							.on(named("poolSubmit").and(takesArguments(2)).and(takesArgument(1, ForkJoinTask.class)))))
			.type(named("java.util.concurrent.ForkJoinTask"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(AgentInstaller.advice(Fork.class).on(named("fork").and(takesArguments(0))))
				.visit(AgentInstaller.advice(DoExec.class).on(named("doExec").and(takesArguments(0))))
				.visit(AgentInstaller.advice(Cancel.class).on(named("cancel").and(takesArguments(boolean.class)))));
	}

	static final class ExternalSubmit {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.This ForkJoinPool pool, @Advice.Argument(0) ForkJoinTask<?> task) {
			ForkJoinTasks.submitted(pool, task);
		}

	}

	static final class PoolSubmit {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.This ForkJoinPool pool, @Advice.Argument(1) ForkJoinTask<?> task) {
			ForkJoinTasks.submitted(pool, task);
		}

	}

	static final class Fork {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.This ForkJoinTask<?> task) {
			ForkJoinTasks.submitted(null, task);
		}

	}

	static final class DoExec {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.This ForkJoinTask<?> task) {
			return ForkJoinTasks.running(task);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.This ForkJoinTask<?> task, @Advice.Enter Object running) {
			ForkJoinTasks.ran(task, running);
		}

	}

	static final class Cancel {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This ForkJoinTask<?> task, @Advice.Return boolean cancelled) {
			if (cancelled) {
				ForkJoinTasks.cancelled(task);
			}
		}

	}

}
