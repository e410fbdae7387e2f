package dev.asynchooks.agent;

import java.util.concurrent.Callable;
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
		return agent.type(named("java.util.concurrent.ForkJoinPool"))
			.transform(
					(builder, type, loader, module, domain) -> builder
						.visit(ByteBuddyTransformer.advice(ExternalSubmit.class)
							.on(named("externalSubmit").and(takesArguments(1))
								.and(takesArgument(0, ForkJoinTask.class))))
						.visit(ByteBuddyTransformer.advice(PoolSubmit.class)
							.on(named("poolSubmit").and(takesArguments(2)).and(takesArgument(1, ForkJoinTask.class)))))
			.transform((builder, type, loader, module,
					domain) -> builder.visit(ByteBuddyTransformer.advice(Adapted.class)
						.on(named("execute").and(takesArguments(Runnable.class))
							.or(named("submit")
								.and(takesArgument(0, Runnable.class).or(takesArgument(0, Callable.class)))))))
			.type(named("java.util.concurrent.ForkJoinTask"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Fork.class).on(named("fork").and(takesArguments(0))))
				.visit(ByteBuddyTransformer.advice(DoExec.class).on(named("doExec").and(takesArguments(0))))
				.visit(ByteBuddyTransformer.advice(Cancel.class).on(named("cancel").and(takesArguments(boolean.class))))
				// JDK 21+: every cancel, also of the adapters that override cancel(),
				// ends here
				.visit(ByteBuddyTransformer.advice(TrySetCancelled.class)
					.on(named("trySetCancelled").and(takesArguments(0)))));
	}

	static final class ExternalSubmit {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.This ForkJoinPool pool, @Advice.Argument(0) ForkJoinTask<?> task) {
			ForkJoinTasks.submitted(pool, task);
		}

	}

	/**
	 * A runnable or callable the pool adapts into a task of its own: when it is a task of
	 * the core already, the adapter is no second resource.
	 */
	static final class Adapted {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static boolean enter(@Advice.Argument(0) Object task) {
			return ForkJoinTasks.enterAdapted(task);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter boolean skipped) {
			ForkJoinTasks.exitAdapted(skipped);
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

	static final class TrySetCancelled {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This ForkJoinTask<?> task, @Advice.Return int previous) {
			if (previous >= 0) {
				ForkJoinTasks.cancelled(task);
			}
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
