package dev.asynchooks.demo;

import dev.asynchooks.AsyncLocalStorage;
import org.jspecify.annotations.Nullable;

/**
 * The id of the HTTP request that caused the running code, whatever thread it runs on.
 *
 * @author async-hooks
 */
public final class RequestIds {

	static final AsyncLocalStorage<String> STORAGE = new AsyncLocalStorage<>("requestId", null);

	private RequestIds() {
	}

	/**
	 * The current request id.
	 * @return the id, or {@code null} outside any request's work
	 */
	public static @Nullable String current() {
		return STORAGE.getStore();
	}

}
