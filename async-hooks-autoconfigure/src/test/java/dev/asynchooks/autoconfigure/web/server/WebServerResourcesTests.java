package dev.asynchooks.autoconfigure.web.server;

import java.util.List;
import java.util.function.ToIntFunction;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebServerResources} and {@link AsyncHooksWebServerAutoConfiguration}.
 *
 * @author async-hooks
 */
class WebServerResourcesTests {

	@RegisterExtension
	final CleanEngine engine = CleanEngine.changesOnly();

	private final RecordingCallbacks recorder = new RecordingCallbacks();

	private AsyncHook hook;

	@BeforeEach
	void enableRecorder() {
		this.hook = this.engine.disableAfter(AsyncHooks.createHook(this.recorder).enable());
	}

	@Test
	void serverIsOneTcpServerWrapFromWhenItListensUntilItStops() {
		WebServerResources resources;
		long asyncId;
		int port;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0")
			.run()) {
			port = ((WebServerApplicationContext) context).getWebServer().getPort();
			resources = context.getBean(WebServerResources.class);
			List<Event> inits = serverInits();
			assertThat(inits).hasSize(1);
			Event init = inits.get(0);
			asyncId = init.asyncId();
			assertThat(init.triggerAsyncId()).isEqualTo(1);
			assertThat(init.resource()).isEqualTo(new ListeningWebServer("tomcat", port, null));
			assertThat(init.resource()).hasToString("tomcat:" + port);
			assertThat(resources.servers()).containsExactly((ListeningWebServer) init.resource());
			assertThat(resources.triggerAsyncId(port)).isEqualTo(asyncId);
			// an unknown port falls back to the only server
			assertThat(resources.triggerAsyncId(port + 1)).isEqualTo(asyncId);
			assertThat(this.recorder.kinds(asyncId)).containsExactly("init");
		}
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "destroy");
		assertThat(resources.servers()).isEmpty();
		assertThat(resources.triggerAsyncId(port)).isZero();
	}

	@Test
	void serverThatIsStoppedAndStartedAgainIsANewResource() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0")
			.run()) {
			WebServerResources resources = context.getBean(WebServerResources.class);
			long first = serverInits().get(0).asyncId();
			context.stop();
			assertThat(this.recorder.kinds(first)).containsExactly("init", "destroy");
			assertThat(resources.servers()).isEmpty();
			context.start();
			List<Event> inits = serverInits();
			assertThat(inits).hasSize(2);
			long second = inits.get(1).asyncId();
			assertThat(second).isGreaterThan(first);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(resources.triggerAsyncId(port)).isEqualTo(second);
			context.close();
			assertThat(this.recorder.kinds(second)).containsExactly("init", "destroy");
		}
	}

	@Test
	void pausedAndRestartedContextKeepsItsListeningServer() {
		// Spring's test context cache pauses contexts it is not using; the web server is
		// not pauseable and keeps listening, so its resource must stay too
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0")
			.run()) {
			WebServerResources resources = context.getBean(WebServerResources.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			long first = serverInits().get(0).asyncId();
			context.pause();
			context.restart();
			assertThat(resources.triggerAsyncId(port)).isEqualTo(first);
			assertThat(this.recorder.kinds(first)).containsExactly("init");
			context.close();
			assertThat(this.recorder.kinds(first)).containsExactly("init", "destroy");
		}
	}

	@Test
	void managementServerIsDescribedWithItsNamespace() {
		assertThat(new ListeningWebServer("tomcat", 8081, "management")).hasToString("tomcat:8081 (management)");
		assertThat(new ListeningWebServer("netty", 8080, "")).hasToString("netty:8080");
	}

	@Test
	void withSeveralServersTheLocalPortPicksTheTrigger() {
		WebServerResources resources = new WebServerResources();
		ServletWebServerApplicationContext main = new ServletWebServerApplicationContext();
		ServletWebServerApplicationContext management = new ServletWebServerApplicationContext();
		management.setServerNamespace("management");
		resources.onApplicationEvent(new ServletWebServerInitializedEvent(new FixedPortWebServer(8080), main));
		ToIntFunction<String> notAsked = (request) -> {
			throw new AssertionError("the local port is not needed with one server");
		};
		long first = resources.triggerAsyncId("request", notAsked);
		assertThat(first).isGreaterThan(1).isEqualTo(resources.triggerAsyncId(8080));
		resources.onApplicationEvent(new ServletWebServerInitializedEvent(new FixedPortWebServer(8081), management));
		long second = resources.triggerAsyncId(8081, Integer::intValue);
		assertThat(second).isGreaterThan(first).isEqualTo(resources.triggerAsyncId(8081));
		assertThat(resources.triggerAsyncId("8080", Integer::parseInt)).isEqualTo(first);
		// an unknown port falls back to the first server
		assertThat(resources.triggerAsyncId(-1, Integer::intValue)).isEqualTo(first);
		resources.stop();
		assertThat(this.recorder.kinds(first)).containsExactly("init", "destroy");
		assertThat(this.recorder.kinds(second)).containsExactly("init", "destroy");
		assertThat(resources.triggerAsyncId("request", notAsked)).isZero();
	}

	@Test
	void noServerMeansTriggerZero() {
		assertThat(new WebServerResources().triggerAsyncId(8080)).isZero();
	}

	@Test
	void autoConfigurationRegistersTheResourcesInAWebApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksWebServerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(WebServerResources.class));
	}

	@Test
	void autoConfigurationBacksOffWhenAsyncHooksIsDisabled() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksWebServerAutoConfiguration.class))
			.withPropertyValues("async-hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebServerResources.class));
	}

	@Test
	void autoConfigurationBacksOffOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksWebServerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebServerResources.class));
	}

	@Test
	void autoConfigurationBacksOffWithoutTheWebServerModule() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksWebServerAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(WebServerInitializedEvent.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebServerResources.class));
	}

	@Test
	void autoConfigurationBacksOffWhenTheUserDefinesTheBean() {
		WebServerResources own = new WebServerResources();
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksWebServerAutoConfiguration.class))
			.withBean(WebServerResources.class, () -> own)
			.run((context) -> assertThat(context.getBean(WebServerResources.class)).isSameAs(own));
	}

	private List<Event> serverInits() {
		return this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && ResourceTypes.TCPSERVERWRAP.equals(event.type()))
			.toList();
	}

	private record FixedPortWebServer(int port) implements WebServer {

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public int getPort() {
			return this.port;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AsyncHooksAutoConfiguration.class, AsyncHooksWebServerAutoConfiguration.class,
			TomcatServletWebServerAutoConfiguration.class })
	static class ServerApplication {

	}

}
