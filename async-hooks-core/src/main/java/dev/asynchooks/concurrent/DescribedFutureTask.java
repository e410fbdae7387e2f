package dev.asynchooks.concurrent;

import java.util.concurrent.RunnableFuture;
import java.util.function.Function;

import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TrackedFutureTask} that describes itself by the work it was made for, with a
 * function given by the integration that made it (see
 * {@link TaskWrapper#withDescriptions(Function)}).
 *
 * @param <V> the type of the value
 */
final class DescribedFutureTask<V> extends TrackedFutureTask<V> implements DescribedResource {

	private final Runnable work;

	private final Function<? super Runnable, @Nullable String> description;

	DescribedFutureTask(RunnableFuture<V> future, Runnable work,
			Function<? super Runnable, @Nullable String> description) {
		super(future, work, null);
		this.work = work;
		this.description = description;
	}

	@Override
	public @Nullable String asyncDescription() {
		// called by hooks in init, before the fields are set
		Runnable work = this.work;
		Function<? super Runnable, @Nullable String> description = this.description;
		return (work != null && description != null) ? description.apply(work) : null;
	}

}
