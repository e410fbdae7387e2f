package dev.asynchooks.agent;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.CompletableFuture;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code CompletableFuture}: every future is a {@code PROMISE}, with the rules of
 * {@code TrackedCompletableFuture} (see {@link CompletableFuturePromises}).
 * <p>
 * The JDK's code does the work; the advice tells the core what happens:
 * <ul>
 * <li>a future is constructed: its promise is created ({@code init}) and kept in a field
 * the agent adds to {@code CompletableFuture} (the class is loaded after the agent
 * starts, so its format may change);</li>
 * <li>a future is about to be completed ({@code internalComplete}, {@code completeValue},
 * {@code completeThrowable}, {@code completeNull}, {@code completeRelay},
 * {@code obtrude*}): {@code promiseResolve}, then {@code destroy}, before the result is
 * visible and its dependents run;</li>
 * <li>a dependent stage is registered (the private {@code uni*Stage}, {@code bi*Stage},
 * {@code or*Stage}, {@code async*Stage} methods every public method calls): its function
 * is replaced by one that runs in the stage's scope with the caller's stores, and the
 * future the method constructs next is that stage, triggered by its source; a stage that
 * the JDK completes by writing its result directly is resolved when the method
 * returns;</li>
 * <li>{@code copy}, {@code minimalCompletionStage} and a minimal stage's
 * {@code toCompletableFuture} are triggered by their source; {@code allOf} is one promise
 * (not its inner tree); the stage {@code orTimeout} and {@code completeOnTimeout}
 * register to cancel their timer is not a promise.</li>
 * </ul>
 */
final class CompletableFutureInstrumentation implements AgentInstrumentation {

	// the advice is described from its class file, not loaded: its methods name
	// CompletableFuture, which must not load before the agent transforms it (at that
	// first load the agent adds a field, which a retransformation could not); the agent
	// jar is on the system class path too, where its class files can be read
	private static final ClassFileLocator locator = ClassFileLocator.ForClassLoader
		.of(ClassLoader.getSystemClassLoader());

	private static final TypePool types = TypePool.Default.of(locator);

	@Override
	public AgentBuilder instrument(AgentBuilder agent) {
		return agent.type(named("java.util.concurrent.CompletableFuture"))
			.transform((builder, type, loader, module, domain) -> builder
				.defineField(CompletableFuturePromises.FIELD, Object.class, Visibility.PRIVATE)
				.visit(advice("Construct").on(isConstructor()))
				.visit(advice("Complete").on(namedOneOf("internalComplete", "completeNull", "completeValue",
						"completeThrowable", "completeRelay")))
				.visit(advice("Obtrude").on(namedOneOf("obtrudeValue", "obtrudeException")))
				.visit(advice("Stage").on(namedOneOf("uniApplyStage", "uniAcceptStage", "uniRunStage",
						"uniWhenCompleteStage", "uniHandleStage", "uniExceptionallyStage")))
				.visit(advice("ComposeStage").on(namedOneOf("uniComposeStage", "uniComposeExceptionallyStage")))
				.visit(advice("TwoSourceStage").on(namedOneOf("biApplyStage", "biAcceptStage", "biRunStage",
						"orApplyStage", "orAcceptStage", "orRunStage")))
				.visit(advice("AsyncStage").on(namedOneOf("asyncSupplyStage", "asyncRunStage")))
				.visit(advice("CompleteAsync").on(named("completeAsync").and(takesArguments(2))))
				.visit(advice("Copy").on(named("uniCopyStage")))
				.visit(advice("Derived").on(named("uniAsMinimalStage")))
				.visit(advice("AllOf").on(named("allOf")))
				.visit(advice("TimeoutCanceller").on(namedOneOf("orTimeout", "completeOnTimeout"))))
			.type(named("java.util.concurrent.CompletableFuture$MinimalStage"))
			.transform((builder, type, loader, module, domain) -> builder
				.visit(advice("Derived").on(named("toCompletableFuture"))));
	}

	private static Advice advice(String name) {
		return Advice.to(types.describe(CompletableFutureInstrumentation.class.getName() + "$" + name).resolve(),
				locator);
	}

	static final class Construct {

		@Advice.OnMethodExit(suppress = Throwable.class)
		static void exit(@Advice.This CompletableFuture<?> future, @Advice.FieldValue("result") Object result,
				@Advice.FieldValue(value = CompletableFuturePromises.FIELD, readOnly = false) Object promise) {
			if (CompletableFuturePromises.needsLookup()) {
				CompletableFuturePromises.lookup(MethodHandles.lookup());
			}
			promise = CompletableFuturePromises.created(future, result != null);
		}

	}

	static final class Complete {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.FieldValue("result") Object result,
				@Advice.FieldValue(CompletableFuturePromises.FIELD) Object promise) {
			if (result == null) {
				CompletableFuturePromises.completing(promise);
			}
		}

	}

	static final class Obtrude {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.FieldValue(CompletableFuturePromises.FIELD) Object promise) {
			CompletableFuturePromises.completing(promise);
		}

	}

	static final class Stage {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.FieldValue(CompletableFuturePromises.FIELD) Object source,
				@Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object function) {
			function = CompletableFuturePromises.registering(source, function, false);
			return function;
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token, @Advice.Return Object returned) {
			CompletableFuturePromises.registered(token, returned);
		}

	}

	static final class ComposeStage {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.FieldValue(CompletableFuturePromises.FIELD) Object source,
				@Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object function) {
			function = CompletableFuturePromises.registering(source, function, true);
			return function;
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token, @Advice.Return Object returned) {
			CompletableFuturePromises.registered(token, returned);
		}

	}

	static final class TwoSourceStage {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.FieldValue(CompletableFuturePromises.FIELD) Object source,
				@Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object function) {
			function = CompletableFuturePromises.registering(source, function, false);
			return function;
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token, @Advice.Return Object returned) {
			CompletableFuturePromises.registered(token, returned);
		}

	}

	static final class AsyncStage {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(
				@Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object function) {
			function = CompletableFuturePromises.registering(null, function, false);
			return function;
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token, @Advice.Return Object returned) {
			CompletableFuturePromises.registered(token, returned);
		}

	}

	static final class CompleteAsync {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static void enter(@Advice.FieldValue(CompletableFuturePromises.FIELD) Object promise,
				@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object supplier) {
			supplier = CompletableFuturePromises.completingWith(promise, supplier);
		}

	}

	static final class Copy {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.Argument(0) CompletableFuture<?> source) {
			return CompletableFuturePromises.deriving(source);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token, @Advice.Return Object returned) {
			CompletableFuturePromises.registered(token, returned);
		}

	}

	static final class Derived {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter(@Advice.This CompletableFuture<?> source) {
			return CompletableFuturePromises.deriving(source);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token) {
			// a minimal stage is made complete or completed later, never written directly
			CompletableFuturePromises.registered(token, null);
		}

	}

	static final class AllOf {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter() {
			return CompletableFuturePromises.internal(true);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token, @Advice.Return Object returned) {
			CompletableFuturePromises.registered(token, returned);
		}

	}

	static final class TimeoutCanceller {

		@Advice.OnMethodEnter(suppress = Throwable.class)
		static Object enter() {
			return CompletableFuturePromises.internal(false);
		}

		@Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
		static void exit(@Advice.Enter Object token) {
			CompletableFuturePromises.registered(token, null);
		}

	}

}
