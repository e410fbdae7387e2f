package dev.asynchooks.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

import dev.asynchooks.internal.PromiseAccess;
import org.jspecify.annotations.Nullable;

/**
 * What the advice in {@code CompletableFuture} calls (see
 * {@link CompletableFutureInstrumentation}): the core's promises, made through
 * {@link PromiseAccess}. Public because the advice is inlined into the JDK's class; not
 * API.
 */
public final class CompletableFuturePromises {

	/** The field the agent adds to {@code CompletableFuture}: its promise state. */
	public static final String FIELD = "asyncHooks$promise";

	private static final PromiseAccess promises = PromiseAccess.get();

	// a lookup with the private access of CompletableFuture, from its own code
	private static volatile MethodHandles.@Nullable Lookup lookup;

	private CompletableFuturePromises() {
	}

	/**
	 * Whether the advice must hand over a lookup of {@code CompletableFuture}.
	 * @return {@code true} until {@link #lookup} was called
	 */
	public static boolean needsLookup() {
		return lookup == null;
	}

	/**
	 * Take the lookup through which the fields of other futures are read.
	 * @param futureLookup {@code MethodHandles.lookup()} called in
	 * {@code CompletableFuture}'s code
	 */
	public static void lookup(MethodHandles.Lookup futureLookup) {
		if (futureLookup.lookupClass() == CompletableFuture.class && futureLookup.hasFullPrivilegeAccess()) {
			lookup = futureLookup;
		}
	}

	/**
	 * A future was constructed.
	 * @param future the future
	 * @param completed whether it is complete already
	 * @return its promise state, or {@code null}
	 */
	public static @Nullable Object created(CompletableFuture<?> future, boolean completed) {
		return promises.created(future, completed);
	}

	/**
	 * A future is being completed.
	 * @param promise its promise state, or {@code null}
	 */
	public static void completing(@Nullable Object promise) {
		if (promise != null) {
			promises.completing(promise);
		}
	}

	/**
	 * A stage is being registered on a source, with a function.
	 * @param sourcePromise the source's promise state, or {@code null}
	 * @param function the application's function
	 * @param composes whether the stage is settled by the stage the function returns
	 * @return the function to register instead, also the token for {@link #registered}
	 */
	public static @Nullable Object registering(@Nullable Object sourcePromise, @Nullable Object function,
			boolean composes) {
		return promises.registering(sourcePromise, function, composes);
	}

	/**
	 * {@code completeAsync}: a supplier given to an existing future.
	 * @param promise the future's promise state
	 * @param supplier the application's supplier
	 * @return the supplier to use instead
	 */
	public static @Nullable Object completingWith(@Nullable Object promise, @Nullable Object supplier) {
		return promises.completingWith(promise, supplier);
	}

	/**
	 * A stage without a function is being made from {@code source}.
	 * @param source the source
	 * @return the token for {@link #registered}
	 */
	public static @Nullable Object deriving(@Nullable CompletableFuture<?> source) {
		return promises.deriving((source != null) ? Fields.promise(source) : null);
	}

	/**
	 * A call whose own futures are not promises starts ({@code allOf}: except the first).
	 * @param firstIsPromise whether the first future made is a promise
	 * @return the token for {@link #registered}
	 */
	public static @Nullable Object internal(boolean firstIsPromise) {
		return promises.internal(firstIsPromise);
	}

	/**
	 * The call started with a token returns.
	 * @param token the token
	 * @param returned the future it returns, or {@code null}
	 */
	public static void registered(@Nullable Object token, @Nullable Object returned) {
		if (returned instanceof CompletableFuture<?> future) {
			Object promise = Fields.promise(future);
			promises.registered(token, promise, promise != null && Fields.isDone(future));
		}
		else {
			promises.registered(token, null, false);
		}
	}

	/** The fields of {@code CompletableFuture}, once the lookup is there. */
	private static final class Fields {

		private static final VarHandle RESULT;

		private static final VarHandle PROMISE;

		static {
			MethodHandles.Lookup futureLookup = lookup;
			if (futureLookup == null) {
				throw new IllegalStateException("No lookup of CompletableFuture");
			}
			try {
				RESULT = futureLookup.findVarHandle(CompletableFuture.class, "result", Object.class);
				PROMISE = futureLookup.findVarHandle(CompletableFuture.class, FIELD, Object.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		static @Nullable Object promise(CompletableFuture<?> future) {
			return PROMISE.get(future);
		}

		static boolean isDone(CompletableFuture<?> future) {
			return RESULT.getVolatile(future) != null;
		}

	}

}
