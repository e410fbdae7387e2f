package dev.asynchooks.trace;

import java.lang.ref.WeakReference;

import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

/**
 * A described resource's description for its track name. A description is often known
 * only after {@code init} (a subclass sets it after the
 * {@link dev.asynchooks.AsyncResource} constructor, a request learns its handler's
 * pattern later), so the resource is asked again when the trace is written, through a
 * weak reference that never keeps it alive; the description it had at {@code init} is the
 * fallback once it is gone.
 */
final class DescriptionRef extends WeakReference<DescribedResource> {

	private final @Nullable String atInit;

	DescriptionRef(DescribedResource resource) {
		super(resource);
		this.atInit = describe(resource);
	}

	@Nullable String description() {
		DescribedResource resource = get();
		String now = (resource != null) ? describe(resource) : null;
		return (now != null) ? now : this.atInit;
	}

	private static @Nullable String describe(DescribedResource resource) {
		try {
			return resource.asyncDescription();
		}
		catch (RuntimeException ex) {
			// a broken description must not break the recording
			return null;
		}
	}

}
