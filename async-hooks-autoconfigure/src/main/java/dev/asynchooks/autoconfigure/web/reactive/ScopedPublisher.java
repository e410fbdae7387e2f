package dev.asynchooks.autoconfigure.web.reactive;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * A {@link Publisher} that subscribes to its source and delivers every signal of the
 * source ({@code onSubscribe}, {@code onNext}, {@code onError}, {@code onComplete}) in
 * the scope of an {@link AsyncResource}: each is one {@code before}/{@code after} pair of
 * the resource, with its {@code AsyncLocalStorage} stores current. Operators that follow
 * run synchronously inside that scope, so the code of a handler or of a response callback
 * runs in the resource whatever thread the signal arrives on. {@code request} and
 * {@code cancel} pass through unchanged. Once the resource is destroyed, signals pass
 * through unchanged as well.
 *
 * @param <T> the type of the elements
 * @since 0.1.0
 */
public final class ScopedPublisher<T> implements Publisher<T> {

	private final AsyncResource resource;

	private final Publisher<T> source;

	private ScopedPublisher(AsyncResource resource, Publisher<T> source) {
		this.resource = resource;
		this.source = source;
	}

	/**
	 * A {@link Mono} whose subscription and signals run in the scope of {@code resource}.
	 * @param <T> the type of the value
	 * @param resource the resource
	 * @param source the source
	 * @return the scoped mono
	 */
	public static <T> Mono<T> mono(AsyncResource resource, Mono<T> source) {
		return Mono.fromDirect(new ScopedPublisher<>(resource, source));
	}

	/**
	 * A {@link Flux} whose subscription and signals run in the scope of {@code resource}.
	 * @param <T> the type of the elements
	 * @param resource the resource
	 * @param source the source
	 * @return the scoped flux
	 */
	public static <T> Flux<T> flux(AsyncResource resource, Flux<T> source) {
		return Flux.from(new ScopedPublisher<>(resource, source));
	}

	@Override
	public void subscribe(Subscriber<? super T> actual) {
		ScopedSubscriber<T> subscriber = new ScopedSubscriber<>(this.resource, actual);
		run(this.resource, () -> this.source.subscribe(subscriber));
	}

	static void run(AsyncResource resource, Runnable fn) {
		// already in its scope (a signal delivered synchronously): stay in that frame, so
		// that stores entered with enterWith there remain visible
		if (resource.isDestroyed() || AsyncHooks.executionAsyncId() == resource.asyncId()) {
			fn.run();
		}
		else {
			resource.runInAsyncScope(fn);
		}
	}

	private static final class ScopedSubscriber<T> implements CoreSubscriber<T> {

		private final AsyncResource resource;

		private final Subscriber<? super T> actual;

		ScopedSubscriber(AsyncResource resource, Subscriber<? super T> actual) {
			this.resource = resource;
			this.actual = actual;
		}

		@Override
		public Context currentContext() {
			return (this.actual instanceof CoreSubscriber<?> core) ? core.currentContext() : Context.empty();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			// subscribe() already runs in scope
			this.actual.onSubscribe(subscription);
		}

		@Override
		public void onNext(T value) {
			run(this.resource, () -> this.actual.onNext(value));
		}

		@Override
		public void onError(Throwable failure) {
			run(this.resource, () -> this.actual.onError(failure));
		}

		@Override
		public void onComplete() {
			run(this.resource, this.actual::onComplete);
		}

	}

}
