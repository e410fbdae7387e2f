package dev.asynchooks.autoconfigure.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RestExchange}'s descriptions in the live-resource tree.
 */
class RestExchangeTests {

	@Test
	void descriptionIsTheMethodAndOriginAndTheDetailsHoldThePath() {
		RestExchange exchange = new RestExchange("GET", "http://localhost:8080/users/42");
		assertThat(exchange.asyncDescription()).isEqualTo("GET http://localhost:8080");
		assertThat(exchange.asyncDetails()).isEqualTo("GET http://localhost:8080/users/42");
	}

	@Test
	void targetWithoutPathIsItsOwnOrigin() {
		assertThat(new RestExchange("POST", "http://example.org").asyncDescription())
			.isEqualTo("POST http://example.org");
	}

}
