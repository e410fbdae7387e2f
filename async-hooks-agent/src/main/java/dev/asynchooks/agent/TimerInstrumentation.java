package dev.asynchooks.agent;

import java.util.TimerTask;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.MemberSubstitution;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code java.util.Timer}: each {@code TimerTask} is one {@code Timeout} (see
 * {@link TimerTasks}): {@code init} in {@code Timer.schedule*}, a
 * {@code before}/{@code after} pair around each run on the timer's thread,
 * {@code destroy} after a one-shot task's run, inside {@code TimerTask.cancel()}, or when
 * the timer drops its queue ({@code Timer.cancel()}, a task that threw).
 */
final class TimerInstrumentation implements AgentInstrumentation {

	@Override
	public AgentBuilder instrument(AgentBuilder agent) {
		return agent.type(named("java.util.Timer"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Sched.class).on(named("sched").and(takesArguments(3)))))
			.type(named("java.util.TimerTask"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Cancel.class).on(named("cancel").and(takesArguments(0)))))
			.type(named("java.util.TaskQueue"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(ByteBuddyTransformer.advice(Clear.class).on(named("clear").and(takesArguments(0)))))
			.type(named("java.util.TimerThread"))
			.transform((builder, type, loader, module,
					domain) -> builder.visit(MemberSubstitution.relaxed()
						.method(named("run").and(takesArguments(0)).and(isDeclaredBy(TimerTask.class)))
						.replaceWith(runMethod())
						.on(named("mainLoop"))));
	}

	private static java.lang.reflect.Method runMethod() {
		try {
			return TimerTasks.class.getMethod("run", TimerTask.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static final class Sched {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.Argument(0) TimerTask task, @Advice.Argument(2) long period) {
			return TimerTasks.scheduling(task, period == 0);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Argument(0) TimerTask task, @Advice.Enter Object timeout,
				@Advice.Thrown Throwable thrown) {
			if (thrown != null) {
				TimerTasks.notScheduled(task, timeout);
			}
		}

	}

	static final class Cancel {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This TimerTask task, @Advice.Return boolean cancelled) {
			if (cancelled) {
				TimerTasks.cancelled(task);
			}
		}

	}

	static final class Clear {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.FieldValue("queue") TimerTask[] queue, @Advice.FieldValue("size") int size) {
			// the queue is 1-based
			for (int i = 1; i <= size; i++) {
				TimerTasks.cancelled(queue[i]);
			}
		}

	}

}
