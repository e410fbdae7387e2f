package dev.asynchooks.autoconfigure.actuate;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

/**
 * A manually destroyed resource with a description and sensitive details, for tests.
 */
class DescribedTestResource extends AsyncResource implements DescribedResource {

	private final @Nullable String description;

	private final @Nullable String details;

	DescribedTestResource(String type, @Nullable String description, @Nullable String details) {
		super(type, AsyncResourceOptions.defaults().withRequireManualDestroy(true));
		this.description = description;
		this.details = details;
	}

	DescribedTestResource(String type, long triggerAsyncId) {
		super(type, AsyncResourceOptions.defaults().withRequireManualDestroy(true).withTriggerAsyncId(triggerAsyncId));
		this.description = null;
		this.details = null;
	}

	@Override
	public @Nullable String asyncDescription() {
		return this.description;
	}

	@Override
	public @Nullable String asyncDetails() {
		return this.details;
	}

}
