package dev.asynchooks.autoconfigure.task;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.sockjs.support.AbstractSockJsService;
import org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SockJS's default scheduler, which Spring WebSocket 7 keeps in a container bean of its
 * own rather than as a {@code TaskScheduler} bean, gets the task decorator: its tasks are
 * resources like those of any other scheduler.
 *
 * @author async-hooks
 */
class SockJsSchedulerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksTaskAutoConfiguration.class))
		.withUserConfiguration(SockJsConfiguration.class);

	@Test
	void delayedTaskOnSockJsSchedulerIsATimeoutInWhichItRuns() {
		this.contextRunner.run((context) -> {
			RecordingCallbacks recorder = context.getBean(RecordingCallbacks.class);
			SimpleUrlHandlerMapping mapping = context.getBean("webSocketHandlerMapping", SimpleUrlHandlerMapping.class);
			SockJsHttpRequestHandler handler = (SockJsHttpRequestHandler) mapping.getUrlMap()
				.values()
				.stream()
				.filter(SockJsHttpRequestHandler.class::isInstance)
				.findFirst()
				.orElseThrow();
			TaskScheduler scheduler = ((AbstractSockJsService) handler.getSockJsService()).getTaskScheduler();
			AtomicLong ranIn = new AtomicLong();
			scheduler.schedule(() -> ranIn.set(AsyncHooks.executionAsyncId()), Instant.now().plusMillis(20));
			await().until(() -> ranIn.get() != 0);
			Event init = recorder.events()
				.stream()
				.filter((event) -> event.kind().equals("init") && event.asyncId() == ranIn.get())
				.findFirst()
				.orElseThrow();
			assertThat(init.type()).isEqualTo(ResourceTypes.TIMEOUT);
			await().until(() -> recorder.kinds(init.asyncId()).contains("destroy"));
			assertThat(recorder.kinds(init.asyncId())).containsExactly("init", "before", "after", "destroy");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class SockJsConfiguration implements WebSocketConfigurer {

		@Bean
		RecordingCallbacks recordingCallbacks() {
			return new RecordingCallbacks();
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler() {

				@Override
				protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				}

			}, "/echo").withSockJS();
		}

	}

}
