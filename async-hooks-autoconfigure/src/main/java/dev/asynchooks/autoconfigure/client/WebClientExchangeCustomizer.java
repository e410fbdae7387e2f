package dev.asynchooks.autoconfigure.client;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link WebClientCustomizer} that adds the {@link WebClientExchangeFilter} to a
 * {@code WebClient.Builder}, once.
 *
 * @since 0.1.0
 */
public class WebClientExchangeCustomizer implements WebClientCustomizer {

	private final WebClientExchangeFilter filter;

	/**
	 * Create a customizer.
	 * @param filter the filter to add
	 */
	public WebClientExchangeCustomizer(WebClientExchangeFilter filter) {
		this.filter = filter;
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.filters((filters) -> {
			if (!filters.contains(this.filter)) {
				filters.add(this.filter);
			}
		});
	}

}
