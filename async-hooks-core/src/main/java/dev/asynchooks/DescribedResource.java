package dev.asynchooks;

import org.jspecify.annotations.Nullable;

/**
 * A resource object that describes itself to people, for
 * {@link dev.asynchooks.live.LiveResources} and the {@code /actuator/asynchooks}
 * endpoint. An integration implements it on the object it passes to {@code init} (an
 * {@link AsyncResource} subclass, or the object given as its resource), so that a tree of
 * live resources says what each one is, such as {@code GET /orders/{id}} or
 * {@code OrderService.process()}, instead of only its type.
 * <p>
 * {@link dev.asynchooks.live.LiveResources} keeps only a weak reference to the object and
 * calls these methods when a tree is rendered, on the rendering thread, concurrently with
 * the resource's own callbacks: implementations must be thread-safe, cheap (return a
 * precomputed or final field; a description may change over the resource's life, for
 * example once a request's handler pattern is known) and must not throw. Nothing here is
 * called on the hot path of the resource, and arbitrary {@code toString()} methods are
 * never called.
 *
 * @since 0.1.0
 */
public interface DescribedResource {

	/**
	 * A short description that is safe to show to anyone who may see the resource tree: a
	 * method and a path pattern, a class and method name. It must not hold user data (no
	 * query string, header, path variable or stored value).
	 * @return the description, or {@code null} for none
	 */
	@Nullable String asyncDescription();

	/**
	 * Details that may be sensitive (the full request URI with its query string, a
	 * statement with its parameters), shown only when the endpoint's {@code show-values}
	 * setting allows it.
	 * @return the details, or {@code null} for none
	 */
	default @Nullable String asyncDetails() {
		return null;
	}

}
