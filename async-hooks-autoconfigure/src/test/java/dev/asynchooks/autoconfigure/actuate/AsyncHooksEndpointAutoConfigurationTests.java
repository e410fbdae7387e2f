package dev.asynchooks.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.LiveResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksLiveResourcesAutoConfiguration} and
 * {@link AsyncHooksEndpointAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksLiveResourcesAutoConfiguration.class, AsyncHooksEndpointAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class));

	private final List<LiveResources> registries = new ArrayList<>();

	@AfterEach
	void noRegistryLeftEnabled() {
		assertThat(this.registries).allSatisfy((registry) -> assertThat(registry.hook().isEnabled()).isFalse());
		assertThat(AsyncHooks.enabledHooks())
			.noneMatch((hook) -> this.registries.stream().anyMatch((registry) -> registry.hook() == hook));
	}

	private LiveResources registry(AssertableWebApplicationContext context) {
		LiveResources registry = context.getBean(LiveResources.class);
		this.registries.add(registry);
		return registry;
	}

	@Test
	void registryIsEnabledWhileTheContextRunsAndTracksResources() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LiveResources.class);
			LiveResources liveResources = registry(context);
			assertThat(liveResources.hook().isEnabled()).isTrue();
			assertThat(liveResources.maxTracked()).isEqualTo(LiveResources.DEFAULT_MAX_TRACKED);
			AsyncResource resource = new AsyncResource("AUTOCONFIGURED",
					AsyncResourceOptions.defaults().withRequireManualDestroy(true));
			assertThat(liveResources.resource(resource.asyncId())).isPresent();
			resource.emitDestroy();
			assertThat(liveResources.resource(resource.asyncId())).isEmpty();
		});
	}

	@Test
	void defaultMaxTrackedIsTheRegistryDefault() {
		assertThat(new dev.asynchooks.autoconfigure.AsyncHooksProperties().getLiveResources().getMaxTracked())
			.isEqualTo(LiveResources.DEFAULT_MAX_TRACKED);
	}

	@Test
	void maxTrackedIsConfigurable() {
		this.contextRunner.withPropertyValues("async-hooks.live-resources.max-tracked=7")
			.run((context) -> assertThat(registry(context).maxTracked()).isEqualTo(7));
	}

	@Test
	void registryBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LiveResources.class).hasBean("customLiveResources");
			assertThat(registry(context).maxTracked()).isEqualTo(3);
			assertThat(registry(context).hook().isEnabled()).isTrue();
		});
	}

	@Test
	void registryAndEndpointAreOffWhenDisabled() {
		this.contextRunner
			.withPropertyValues("async-hooks.live-resources.enabled=false",
					"management.endpoints.web.exposure.include=asynchooks")
			.run((context) -> assertThat(context).doesNotHaveBean(LiveResources.class)
				.doesNotHaveBean(AsyncHooksEndpoint.class));
		this.contextRunner
			.withPropertyValues("async-hooks.enabled=false", "management.endpoints.web.exposure.include=asynchooks")
			.run((context) -> assertThat(context).doesNotHaveBean(LiveResources.class)
				.doesNotHaveBean(AsyncHooksEndpoint.class)
				.doesNotHaveBean(AsyncHook.class));
	}

	@Test
	void endpointIsNotAvailableUntilExposed() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LiveResources.class)
			.doesNotHaveBean(AsyncHooksEndpoint.class));
	}

	@Test
	void endpointIsAvailableWhenExposedOverHttp() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=asynchooks")
			.run((context) -> assertThat(context).hasSingleBean(AsyncHooksEndpoint.class));
	}

	@Test
	void endpointIsNotAvailableWhenItsAccessIsNone() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=asynchooks",
				// upper case: the runner's environment lacks Boot's lenient enum
				// conversion
				"management.endpoint.asynchooks.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncHooksEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=asynchooks")
			.run((context) -> assertThat(context).hasSingleBean(LiveResources.class)
				.doesNotHaveBean(AsyncHooksEndpoint.class));
	}

	@Test
	void showValuesAndLimitsAreConfigurable() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=asynchooks",
					"management.endpoint.asynchooks.show-values=always", "management.endpoint.asynchooks.limit=2",
					"management.endpoint.asynchooks.max-limit=3")
			.run((context) -> {
				AsyncHooksEndpoint endpoint = context.getBean(AsyncHooksEndpoint.class);
				DescribedTestResource resource = new DescribedTestResource("CONFIGURED", "safe", "secret");
				try {
					AsyncHooksEndpoint.ResourceDescriptor descriptor = (AsyncHooksEndpoint.ResourceDescriptor) endpoint
						.resource(SecurityContext.NONE, Long.toString(resource.asyncId()), null, null)
						.getBody();
					assertThat(descriptor.resource().details()).isEqualTo("secret");
					AsyncHooksEndpoint.LiveResourcesDescriptor all = (AsyncHooksEndpoint.LiveResourcesDescriptor) endpoint
						.resources(SecurityContext.NONE, null, null, null)
						.getBody();
					assertThat(all.limit()).isEqualTo(2);
					AsyncHooksEndpoint.LiveResourcesDescriptor max = (AsyncHooksEndpoint.LiveResourcesDescriptor) endpoint
						.resources(SecurityContext.NONE, null, null, "50")
						.getBody();
					assertThat(max.limit()).isEqualTo(3);
				}
				finally {
					resource.emitDestroy();
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRegistryConfiguration {

		@Bean
		LiveResources customLiveResources() {
			return new LiveResources(3);
		}

	}

}
