package dev.asynchooks.autoconfigure.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestTemplate;

/**
 * {@link ClientHttpRequestInterceptor} that makes each exchange an
 * {@code HTTPCLIENTREQUEST} resource (a {@link RestExchange} to hooks), triggered by the
 * calling context. The rest of the exchange (later interceptors, the request and the wait
 * for the response's head) runs in the resource's scope, between {@code before} and
 * {@code after}, on the calling thread; the resource is destroyed when the response is
 * closed, or at once when the exchange throws.
 * <p>
 * It is ordered first, so that the other interceptors run inside the exchange.
 *
 * @since 0.1.0
 */
public class RestExchangeInterceptor implements ClientHttpRequestInterceptor, Ordered {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		RestExchangeResource exchange = new RestExchangeResource(
				RestExchange.of(request.getMethod().name(), request.getURI()));
		ClientHttpResponse response;
		try {
			response = exchange.callInAsyncScope(() -> execution.execute(request, body));
		}
		catch (IOException | RuntimeException | Error ex) {
			exchange.emitDestroy();
			throw ex;
		}
		catch (Exception ex) {
			// execute throws nothing else
			exchange.emitDestroy();
			throw new IllegalStateException(ex);
		}
		return new Response(response, exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Add an interceptor first to a list of interceptors, unless the list has one.
	 * @param interceptors the interceptors of a client
	 * @return whether it was added
	 */
	boolean addTo(List<ClientHttpRequestInterceptor> interceptors) {
		for (ClientHttpRequestInterceptor interceptor : interceptors) {
			if (interceptor instanceof RestExchangeInterceptor) {
				return false;
			}
		}
		interceptors.add(0, this);
		return true;
	}

	/**
	 * Add an interceptor first to the interceptors of a {@code RestTemplate}, unless it
	 * has one.
	 * @param restTemplate the template
	 */
	void addTo(RestTemplate restTemplate) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
		if (addTo(interceptors)) {
			restTemplate.setInterceptors(interceptors);
		}
	}

	/**
	 * The response of an exchange: closing it ends the exchange.
	 */
	private record Response(ClientHttpResponse delegate, RestExchangeResource exchange) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.delegate.getBody();
		}

		@Override
		public void close() {
			try {
				this.delegate.close();
			}
			finally {
				this.exchange.emitDestroy();
			}
		}

	}

}
