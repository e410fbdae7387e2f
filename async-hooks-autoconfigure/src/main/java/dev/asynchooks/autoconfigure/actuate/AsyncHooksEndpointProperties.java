package dev.asynchooks.autoconfigure.actuate;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code asynchooks} endpoint.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.endpoint.asynchooks")
public class AsyncHooksEndpointProperties {

	static final int DEFAULT_LIMIT = 1000;

	/**
	 * When to show values that may be sensitive, such as a request's full URI with its
	 * query string: 'never', 'when-authorized' or 'always'.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to see sensitive values. When
	 * empty, all authenticated users are authorized.
	 */
	private Set<String> roles = new HashSet<>();

	/**
	 * The most resources in a response when the request gives no 'limit'.
	 */
	private int limit = DEFAULT_LIMIT;

	/**
	 * The most resources in a response, whatever 'limit' the request gives.
	 */
	private int maxLimit = 10_000;

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

	public int getLimit() {
		return this.limit;
	}

	public void setLimit(int limit) {
		this.limit = limit;
	}

	public int getMaxLimit() {
		return this.maxLimit;
	}

	public void setMaxLimit(int maxLimit) {
		this.maxLimit = maxLimit;
	}

}
