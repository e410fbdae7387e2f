package dev.asynchooks.agent;

import java.util.concurrent.RunnableScheduledFuture;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code ScheduledThreadPoolExecutor}: every task it queues passes through its
 * {@code decorateTask}, where it becomes a {@code Timeout} ({@code schedule*}, also with
 * a zero delay) or, for {@code execute}/{@code submit}, an {@code EXECUTOR_TASK} (see
 * {@link ScheduledTasks}). Cancel, shutdown policies and {@code shutdownNow()} reach the
 * decorated task, which the caller holds.
 */
final class ScheduledThreadPoolExecutorInstrumentation implements AgentInstrumentation {

	@Override
	public AgentBuilder instrument(AgentBuilder agent) {
		return agent.type(named("java.util.concurrent.ScheduledThreadPoolExecutor"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Execute.class)
					.on(named("execute").and(takesArguments(Runnable.class))))
				.visit(ByteBuddyTransformer.advice(Submit.class).on(named("submit")))
				.visit(ByteBuddyTransformer.advice(DecorateTask.class)
					.on(named("decorateTask").and(takesArguments(2)))));
	}

	static final class Execute {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static int enter() {
			return ScheduledTasks.enter(ScheduledTasks.EXECUTE);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter int previous) {
			ScheduledTasks.exit(previous);
		}

	}

	static final class Submit {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static int enter() {
			return ScheduledTasks.enter(ScheduledTasks.SUBMIT);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter int previous) {
			ScheduledTasks.exit(previous);
		}

	}

	static final class DecorateTask {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.Argument(0) Object task,
				@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) RunnableScheduledFuture<?> queued) {
			queued = ScheduledTasks.decorate(task, queued);
		}

	}

}
