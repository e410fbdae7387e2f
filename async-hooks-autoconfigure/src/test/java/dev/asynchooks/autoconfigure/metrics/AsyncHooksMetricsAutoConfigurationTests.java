package dev.asynchooks.autoconfigure.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import dev.asynchooks.autoconfigure.live.AsyncHooksLiveResourcesAutoConfiguration;
import dev.asynchooks.live.LiveResources;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksMetricsAutoConfiguration} and {@link AsyncHooksMeterBinder}.
 *
 * @author async-hooks
 */
class AsyncHooksMetricsAutoConfigurationTests {

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncHooksAutoConfiguration.class, AsyncHooksLiveResourcesAutoConfiguration.class,
					AsyncHooksMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void metersOfATypeAreRegisteredWhenItsFirstResourceIsCreated() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncHooksMeterBinder.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("asynchooks.resources.active").tag("type", "METERED").gauge()).isNull();
			AsyncResource first = new AsyncResource("METERED", MANUAL);
			AsyncResource second = new AsyncResource("METERED", MANUAL);
			first.runInAsyncScope(() -> {
			});
			assertThat(registry.get("asynchooks.resources.active").tag("type", "METERED").gauge().value()).isEqualTo(2);
			first.emitDestroy();
			assertThat(registry.get("asynchooks.resources.active").tag("type", "METERED").gauge().value()).isEqualTo(1);
			assertThat(registry.get("asynchooks.resources.created").tag("type", "METERED").functionCounter().count())
				.isEqualTo(2);
			assertThat(registry.get("asynchooks.resources.destroyed").tag("type", "METERED").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("asynchooks.resources.dropped").tag("type", "METERED").functionCounter().count())
				.isZero();
			assertThat(registry.get("asynchooks.resources.queued").tag("type", "METERED").functionTimer().count())
				.isEqualTo(1);
			assertThat(registry.get("asynchooks.resources.run").tag("type", "METERED").functionTimer().count())
				.isEqualTo(1);
			assertThat(registry.get("asynchooks.resources.lifetime").tag("type", "METERED").functionTimer().count())
				.isEqualTo(1);
			assertThat(registry.get("asynchooks.resources.lifetime")
				.tag("type", "METERED")
				.functionTimer()
				.totalTime(TimeUnit.NANOSECONDS)).isPositive();
			assertThat(registry.get("asynchooks.hook.errors").functionCounter().count()).isNotNegative();
			// only the type tag: bounded cardinality
			assertThat(registry.find("asynchooks.resources.created").meters())
				.allSatisfy((meter) -> assertThat(meter.getId().getTags())
					.allSatisfy((tag) -> assertThat(tag.getKey()).isEqualTo("type")));
			second.emitDestroy();
		});
	}

	@Test
	void typesSeenBeforeBindingGetMetersToo() {
		LiveResources liveResources = new LiveResources();
		liveResources.hook().enable();
		try {
			new AsyncResource("EARLY_METERED", MANUAL).emitDestroy();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			AsyncHooksMeterBinder binder = new AsyncHooksMeterBinder(liveResources);
			binder.bindTo(registry);
			assertThat(registry.get("asynchooks.resources.destroyed")
				.tag("type", "EARLY_METERED")
				.functionCounter()
				.count()).isEqualTo(1);
			binder.destroy();
			new AsyncResource("LATE_METERED", MANUAL).emitDestroy();
			assertThat(registry.find("asynchooks.resources.created").tag("type", "LATE_METERED").meter()).isNull();
		}
		finally {
			liveResources.hook().disable();
		}
	}

	// SPEC §7 names 'asynchooks.resources.created'; a Prometheus registry of the
	// application exports it as 'asynchooks_resources_inits_total', other registries
	// under its own name
	@Test
	@SuppressWarnings("unchecked")
	void prometheusRegistriesOfTheApplicationGetTheCreatedCounterAsInits() {
		this.contextRunner.run((context) -> {
			MeterRegistryCustomizer<MeterRegistry> names = context.getBean("asyncHooksPrometheusNames",
					MeterRegistryCustomizer.class);
			PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			SimpleMeterRegistry simple = new SimpleMeterRegistry();
			names.customize(prometheus);
			names.customize(simple);
			new AsyncResource("NAMED_METERED", MANUAL).emitDestroy();
			AsyncHooksMeterBinder binder = context.getBean(AsyncHooksMeterBinder.class);
			binder.bindTo(prometheus);
			binder.bindTo(simple);
			assertThat(prometheus.find("asynchooks.resources.created").tag("type", "NAMED_METERED").meter())
				.isNotNull();
			assertThat(prometheus.scrape()).contains("asynchooks_resources_inits_total{type=\"NAMED_METERED\"}")
				.doesNotContain("asynchooks_resources_total")
				.doesNotContain("asynchooks_resources_created");
			assertThat(simple.find("asynchooks.resources.created").tag("type", "NAMED_METERED").meter()).isNotNull();
			assertThat(simple.config().namingConvention().name("asynchooks.resources.created", Meter.Type.COUNTER))
				.isEqualTo(new SimpleMeterRegistry().config()
					.namingConvention()
					.name("asynchooks.resources.created", Meter.Type.COUNTER));
		});
	}

	// the Prometheus client strips a '_created' suffix (it is the name of the
	// OpenMetrics created timestamp): a counter named '...created' would be exported as
	// 'asynchooks_resources_total', next to 'asynchooks_resources_destroyed_total'
	@Test
	void meterNamesSurvivePrometheusNamingRules() {
		LiveResources liveResources = new LiveResources();
		liveResources.hook().enable();
		AsyncHooksMeterBinder binder = new AsyncHooksMeterBinder(liveResources);
		try {
			AsyncResource resource = new AsyncResource("PROMETHEUS_METERED", MANUAL);
			resource.runInAsyncScope(() -> {
			});
			resource.emitDestroy();
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			registry.config()
				.namingConvention(AsyncHooksMeterBinder.prometheusNames(registry.config().namingConvention()));
			binder.bindTo(registry);
			List<String> names = registry.scrape()
				.lines()
				.filter((line) -> line.contains("type=\"PROMETHEUS_METERED\""))
				.map((line) -> line.substring(0, line.indexOf('{')))
				.distinct()
				.toList();
			assertThat(names)
				.contains("asynchooks_resources_active", "asynchooks_resources_inits_total",
						"asynchooks_resources_destroyed_total", "asynchooks_resources_dropped_total",
						"asynchooks_resources_queued_seconds_count", "asynchooks_resources_lifetime_seconds_count")
				.doesNotContain("asynchooks_resources_total");
		}
		finally {
			binder.destroy();
			liveResources.hook().disable();
		}
	}

	@Test
	void runTimerIsAbsentWhenRunsAreNotTimed() {
		this.contextRunner.withPropertyValues("async-hooks.live-resources.time-runs=false").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			AsyncResource resource = new AsyncResource("UNTIMED_METERED", MANUAL);
			resource.runInAsyncScope(() -> {
			});
			resource.emitDestroy();
			assertThat(registry.find("asynchooks.resources.run").tag("type", "UNTIMED_METERED").meter()).isNull();
			assertThat(
					registry.get("asynchooks.resources.queued").tag("type", "UNTIMED_METERED").functionTimer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void binderBacksOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
					AsyncHooksLiveResourcesAutoConfiguration.class, AsyncHooksMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncHooksMeterBinder.class));
	}

	@Test
	void binderBacksOffWithoutRegistry() {
		this.contextRunner.withPropertyValues("async-hooks.live-resources.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncHooksMeterBinder.class));
	}

}
