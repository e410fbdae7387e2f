package dev.asynchooks.autoconfigure.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import dev.asynchooks.autoconfigure.reliability.ChaosConfiguration.ChaosWork;
import dev.asynchooks.autoconfigure.reliability.ChaosLoad.Route;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;

/**
 * The WebFlux chaos application (Reactor Netty): handlers that answer at once, fail or
 * throw, hop across Reactor schedulers, time out (handled or not, leaving a
 * {@code Mono.delay} timer cancelled), await an {@code @Async} {@code CompletableFuture}
 * or a {@code TrackedCompletableFuture} chain, run on a bounded or a saturated executor,
 * and a slow answer and an endless event stream for clients that go away. A filter after
 * the async-hooks one sets the {@code TAG} store from {@code X-Tag} with
 * {@code enterWith}.
 *
 * @author async-hooks
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ChaosConfiguration.class, WebFluxChaosApplication.ChaosHandlers.class })
class WebFluxChaosApplication {

	/** The routes, with the statuses each may answer. */
	static final List<Route> ROUTES = List.of(Route.request("/ok", 10, true, 200),
			Route.request("/boom", 3, false, 500), Route.request("/throw", 2, false, 500),
			Route.request("/delay", 6, true, 200), Route.request("/hop", 6, true, 200),
			Route.request("/timeout", 3, true, 504), Route.request("/timeout-error", 2, false, 500),
			Route.request("/async", 6, true, 200), Route.request("/async-fail", 2, false, 500),
			Route.request("/tracked", 6, true, 200), Route.request("/tracked-fail", 2, false, 500),
			Route.request("/tracked-timeout", 2, true, 200), Route.request("/bounded", 6, true, 200, 429),
			Route.request("/saturate", 2, true, 200), Route.abort("/slow", 4), Route.streamAbort("/stream", 2));

	@Bean
	WebFilter tagFilter() {
		return (exchange, chain) -> {
			ChaosConfiguration.TAG.enterWith(exchange.getRequest().getHeaders().getFirst("X-Tag"));
			return chain.filter(exchange);
		};
	}

	@RestController
	static class ChaosHandlers {

		// a stream whose client stays ends by itself after this many ticks
		private static final long MAX_TICKS = 2_000;

		private final ChaosWork work;

		ChaosHandlers(ChaosWork work) {
			this.work = work;
		}

		@GetMapping("/ok")
		Mono<String> ok() {
			return Mono.fromSupplier(() -> ChaosConfiguration.tagged("ok"));
		}

		@GetMapping("/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("chaos: handler failed"));
		}

		@GetMapping("/throw")
		Mono<String> throwing() {
			throw new IllegalStateException("chaos: handler threw");
		}

		@GetMapping("/delay")
		Mono<String> delay() {
			return Mono.delay(Duration.ofMillis(1)).map((tick) -> ChaosConfiguration.tagged("delay"));
		}

		@GetMapping("/hop")
		Mono<String> hop() {
			return Mono.fromSupplier(() -> ChaosConfiguration.tagged("hop"))
				.subscribeOn(Schedulers.parallel())
				.publishOn(Schedulers.parallel());
		}

		@GetMapping("/timeout")
		Mono<ResponseEntity<String>> timeout() {
			return Mono.<ResponseEntity<String>>never()
				.timeout(Duration.ofMillis(20),
						Mono.fromSupplier(() -> ResponseEntity.status(504).body(ChaosConfiguration.tagged("timeout"))));
		}

		@GetMapping("/timeout-error")
		Mono<String> timeoutError() {
			// the Mono.delay timer is cancelled by the timeout (it cannot fire first,
			// however slow the machine)
			return Mono.delay(Duration.ofMinutes(10)).map((tick) -> "late").timeout(Duration.ofMillis(20));
		}

		@GetMapping("/async")
		Mono<String> async() {
			return Mono.fromFuture(() -> this.work.async(false));
		}

		@GetMapping("/async-fail")
		Mono<String> asyncFail() {
			return Mono.fromFuture(() -> this.work.async(true));
		}

		@GetMapping("/tracked")
		Mono<String> tracked() {
			return Mono.fromCompletionStage(() -> this.work.tracked(false));
		}

		@GetMapping("/tracked-fail")
		Mono<String> trackedFail() {
			return Mono.fromCompletionStage(() -> this.work.tracked(true));
		}

		@GetMapping("/tracked-timeout")
		Mono<String> trackedTimeout() {
			return Mono.fromCompletionStage(this.work::trackedTimeout);
		}

		@GetMapping("/bounded")
		Mono<ResponseEntity<String>> bounded() {
			return Mono.fromFuture(this.work::bounded)
				.map(ResponseEntity::ok)
				.onErrorResume(RejectedExecutionException.class,
						(ex) -> Mono.just(ResponseEntity.status(429).body("rejected")));
		}

		@GetMapping("/saturate")
		Mono<String> saturate() {
			return Mono.fromFuture(this.work::saturate);
		}

		@GetMapping("/slow")
		Mono<String> slow() {
			return Mono.delay(Duration.ofMillis(20)).map((tick) -> ChaosConfiguration.tagged("slow"));
		}

		@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<String> stream() {
			return Flux.interval(Duration.ofMillis(5))
				// the response asks for one tick at a time, late on a loaded machine
				.onBackpressureDrop()
				.map((tick) -> ChaosConfiguration.tagged("tick"))
				.take(MAX_TICKS)
				// cancelled when the client goes away, or failed writing to it
				.doFinally((signal) -> this.work.streamEnded());
		}

	}

}
