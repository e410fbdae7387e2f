package dev.asynchooks.autoconfigure.jmx;

import java.util.List;

import javax.management.MBeanServer;

import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.CreationSites;
import dev.asynchooks.live.LiveResources;
import dev.asynchooks.live.LiveResourcesJmx;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AsyncHooksJmxAutoConfiguration}: the registry is an MBean while a context with
 * JMX on runs, and only then; the creation-site properties reach the registry.
 */
class AsyncHooksJmxAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksLiveResourcesAutoConfiguration.class,
					JmxAutoConfiguration.class, AsyncHooksJmxAutoConfiguration.class));

	@Test
	void registryIsAnMBeanWhileTheContextRunsWithJmxOn() {
		MBeanServer[] server = new MBeanServer[1];
		this.contextRunner.withPropertyValues("spring.jmx.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(LiveResourcesMBeanRegistration.class);
			server[0] = context.getBean(MBeanServer.class);
			assertThat(server[0].isRegistered(LiveResourcesJmx.objectName())).isTrue();
			assertThat(server[0].getAttribute(LiveResourcesJmx.objectName(), "Live")).isInstanceOf(Long.class);
			assertThat(server[0].invoke(LiveResourcesJmx.objectName(), "tree", null, null)).isInstanceOf(String.class);
		});
		assertThat(server[0].isRegistered(LiveResourcesJmx.objectName())).isFalse();
	}

	@Test
	void noMBeanWithJmxOffAsByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LiveResourcesMBeanRegistration.class));
	}

	@Test
	void creationSitesAreOnByDefaultAndFollowTheirProperties() {
		this.contextRunner.run((context) -> assertThat(context.getBean(LiveResources.class).creationSites()).isNotNull()
			.satisfies((sites) -> assertThat(sites.excludedPackages())
				.isEqualTo(CreationSites.DEFAULT_EXCLUDED_PACKAGES)));
		this.contextRunner.withPropertyValues("async-hooks.creation-sites.enabled=false")
			.run((context) -> assertThat(context.getBean(LiveResources.class).creationSites()).isNull());
		this.contextRunner
			.withPropertyValues("async-hooks.creation-sites.excluded-packages=java.,com.example.framework.")
			.run((context) -> assertThat(context.getBean(LiveResources.class).creationSites())
				.satisfies((sites) -> assertThat(sites.excludedPackages())
					.isEqualTo(List.of("java.", "com.example.framework."))));
	}

}
