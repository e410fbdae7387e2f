package dev.asynchooks.autoconfigure.client;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebClientExchange}'s descriptions: the same as a blocking client's
 * exchange, never the query string or user info, which may hold secrets.
 */
class WebClientExchangeTests {

	@Test
	void describedWithoutQueryStringOrUserInfo() {
		ClientRequest request = ClientRequest
			.create(HttpMethod.GET, URI.create("http://user:secret@localhost:8080/users/42?token=abc"))
			.build();
		WebClientExchange exchange = new WebClientExchange(request);
		try {
			assertThat(exchange).hasToString("GET http://localhost:8080/users/42");
			assertThat(exchange.asyncDescription()).isEqualTo("GET http://localhost:8080");
			assertThat(exchange.asyncDetails()).isEqualTo("GET http://localhost:8080/users/42");
			assertThat(exchange.request()).isSameAs(request);
		}
		finally {
			exchange.emitDestroy();
		}
	}

}
