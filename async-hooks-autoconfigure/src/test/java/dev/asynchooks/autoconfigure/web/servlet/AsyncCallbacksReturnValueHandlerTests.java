package dev.asynchooks.autoconfigure.web.servlet;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.DeferredResultMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.HttpEntityMethodProcessor;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitterReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AsyncCallbacksReturnValueHandler}: which return values it takes before the
 * adapter's own handlers. A {@code ResponseEntity} is an emitter's as Spring MVC decides
 * it, by its declared body type; any other entity goes straight to the adapter's
 * handlers.
 */
class AsyncCallbacksReturnValueHandlerTests {

	private final List<HttpMessageConverter<?>> converters = List.of(new StringHttpMessageConverter());

	private final AsyncCallbacksReturnValueHandler handler = new AsyncCallbacksReturnValueHandler(
			List.<HandlerMethodReturnValueHandler>of(new DeferredResultMethodReturnValueHandler(),
					new ResponseBodyEmitterReturnValueHandler(this.converters),
					new HttpEntityMethodProcessor(this.converters)));

	@Test
	void anEntityOfAnEmitterIsTaken() throws Exception {
		assertThat(this.handler.supportsReturnType(returnType("emitterEntity"))).isTrue();
		assertThat(this.handler.supportsReturnType(returnType("emitter"))).isTrue();
		assertThat(this.handler.supportsReturnType(returnType("deferred"))).isTrue();
	}

	@Test
	void anEntityOfAnythingElseIsLeftToTheAdapter() throws Exception {
		assertThat(this.handler.supportsReturnType(returnType("textEntity"))).isFalse();
		assertThat(this.handler.supportsReturnType(returnType("wildcardEntity"))).isFalse();
		assertThat(this.handler.supportsReturnType(returnType("httpEntity"))).isFalse();
		assertThat(this.handler.supportsReturnType(returnType("text"))).isFalse();
	}

	private static MethodParameter returnType(String method) throws NoSuchMethodException {
		return new MethodParameter(Handlers.class.getDeclaredMethod(method), -1);
	}

	static class Handlers {

		ResponseEntity<SseEmitter> emitterEntity() {
			return ResponseEntity.ok(new SseEmitter());
		}

		SseEmitter emitter() {
			return new SseEmitter();
		}

		DeferredResult<String> deferred() {
			return new DeferredResult<>();
		}

		ResponseEntity<String> textEntity() {
			return ResponseEntity.ok("text");
		}

		ResponseEntity<?> wildcardEntity() {
			return ResponseEntity.ok("text");
		}

		HttpEntity<String> httpEntity() {
			return new HttpEntity<>("text");
		}

		String text() {
			return "text";
		}

	}

}
