package dev.asynchooks.agent;

import java.util.List;
import java.util.concurrent.RunnableFuture;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code ThreadPoolExecutor}: each task given to {@code execute}, {@code submit},
 * {@code invokeAll} or {@code invokeAny} is an {@code EXECUTOR_TASK} (see
 * {@link ExecutorTasks}). A {@code ScheduledThreadPoolExecutor} (a subclass) queues its
 * tasks without {@code execute} and is instrumented on its own.
 */
final class ThreadPoolExecutorInstrumentation implements AgentInstrumentation {

	@Override
	public AgentBuilder instrument(AgentBuilder agent) {
		return agent.type(named("java.util.concurrent.ThreadPoolExecutor"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Execute.class)
					.on(named("execute").and(takesArguments(Runnable.class))))
				.visit(ByteBuddyTransformer.advice(Reject.class)
					.on(named("reject").and(takesArguments(Runnable.class))))
				.visit(ByteBuddyTransformer.advice(ShutdownNow.class).on(named("shutdownNow").and(takesArguments(0)))))
			.type(named("java.util.concurrent.AbstractExecutorService"))
			.transform((builder, type, loader, module, domain) -> builder.visit(ByteBuddyTransformer
				.advice(NewTaskFor.class)
				.on(named("newTaskFor")
					.and(takesArgument(0, Runnable.class).or(takesArgument(0, java.util.concurrent.Callable.class))))));
	}

	static final class Execute {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable command) {
			command = ExecutorTasks.execute(command);
		}

	}

	static final class NewTaskFor {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This Object executor, @Advice.Argument(0) Object task,
				@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) RunnableFuture<?> future) {
			future = ExecutorTasks.submit(executor, task, future);
		}

	}

	static final class Reject {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable command) {
			command = ExecutorTasks.rejected(command);
		}

	}

	static final class ShutdownNow {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.Return List<Runnable> dropped) {
			ExecutorTasks.dropped(dropped);
		}

	}

}
