package dev.asynchooks.autoconfigure.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asynchooks.live.LiveResources;
import dev.asynchooks.live.LiveResources.TypeStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * Meters of the {@link LiveResources} registry, tagged with the resource {@code type}
 * only (the registry counts at most {@value LiveResources#MAX_TYPES} types separately, so
 * the number of series is bounded):
 * <ul>
 * <li>{@code asynchooks.resources.active} (gauge): tracked resources live now;</li>
 * <li>{@code asynchooks.resources.created} and {@code asynchooks.resources.destroyed}
 * (counters); a Prometheus registry exports the first as
 * {@code asynchooks.resources.inits} ({@link #prometheusNames}): the Prometheus client
 * takes a {@code _created} suffix for the OpenMetrics created timestamp and would export
 * it as {@code asynchooks_resources_total};</li>
 * <li>{@code asynchooks.resources.dropped} (counter): resources not tracked because the
 * registry was full;</li>
 * <li>{@code asynchooks.resources.queued} (timer): from {@code init} to the first
 * {@code before};</li>
 * <li>{@code asynchooks.resources.run} (timer): from {@code before} to {@code after},
 * unless {@code async-hooks.live-resources.time-runs=false};</li>
 * <li>{@code asynchooks.resources.lifetime} (timer): from {@code init} to
 * {@code destroy};</li>
 * </ul>
 * and {@code asynchooks.hook.errors} (counter, no tag): hook callbacks that threw. The
 * meters of a type are registered when its first resource is created. The timers are
 * function timers over the registry's running totals: they report counts, totals and
 * means, not percentiles or maxima.
 *
 * @since 0.1.0
 */
public class AsyncHooksMeterBinder implements MeterBinder, DisposableBean {

	static final String CREATED = "asynchooks.resources.created";

	static final String INITS = "asynchooks.resources.inits";

	/**
	 * A naming convention that exports {@code asynchooks.resources.created} as
	 * {@code asynchooks.resources.inits} and every other name as the given convention
	 * does: for a registry whose naming would turn the first into a name that reads as
	 * another meter's (Prometheus: {@code asynchooks_resources_total}). The meter keeps
	 * its name in the registry.
	 * @param convention the registry's naming convention
	 * @return the convention to use instead
	 */
	public static NamingConvention prometheusNames(NamingConvention convention) {
		return new NamingConvention() {

			@Override
			public String name(String name, Meter.Type type, @Nullable String baseUnit) {
				return convention.name(CREATED.equals(name) ? INITS : name, type, baseUnit);
			}

			@Override
			public String tagKey(String key) {
				return convention.tagKey(key);
			}

			@Override
			public String tagValue(String value) {
				return convention.tagValue(value);
			}

		};
	}

	private final LiveResources liveResources;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	public AsyncHooksMeterBinder(LiveResources liveResources) {
		this.liveResources = liveResources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("asynchooks.hook.errors", this.liveResources, (live) -> LiveResources.hookErrors())
			.description("Hook callbacks that threw")
			.register(registry);
		boolean timeRuns = this.liveResources.timesRuns();
		this.listeners.add(this.liveResources.onType((statistics) -> bind(statistics, timeRuns, registry)));
	}

	private static void bind(TypeStatistics statistics, boolean timeRuns, MeterRegistry registry) {
		Tags tags = Tags.of("type", statistics.type());
		Gauge.builder("asynchooks.resources.active", statistics, TypeStatistics::active)
			.tags(tags)
			.description("Live resources tracked")
			.register(registry);
		FunctionCounter.builder(CREATED, statistics, TypeStatistics::created)
			.tags(tags)
			.description("Resources created")
			.register(registry);
		FunctionCounter.builder("asynchooks.resources.destroyed", statistics, TypeStatistics::destroyed)
			.tags(tags)
			.description("Tracked resources destroyed")
			.register(registry);
		FunctionCounter.builder("asynchooks.resources.dropped", statistics, TypeStatistics::dropped)
			.tags(tags)
			.description("Resources not tracked because the registry was full")
			.register(registry);
		FunctionTimer
			.builder("asynchooks.resources.queued", statistics, TypeStatistics::queueWaitCount,
					TypeStatistics::queueWaitNanos, TimeUnit.NANOSECONDS)
			.tags(tags)
			.description("Time from the creation of a resource to its first run")
			.register(registry);
		if (timeRuns) {
			FunctionTimer
				.builder("asynchooks.resources.run", statistics, TypeStatistics::runCount, TypeStatistics::runNanos,
						TimeUnit.NANOSECONDS)
				.tags(tags)
				.description("Time a resource's callbacks ran, from before to after")
				.register(registry);
		}
		FunctionTimer
			.builder("asynchooks.resources.lifetime", statistics, TypeStatistics::lifetimeCount,
					TypeStatistics::lifetimeNanos, TimeUnit.NANOSECONDS)
			.tags(tags)
			.description("Time from the creation of a resource to its destroy")
			.register(registry);
	}

	@Override
	public void destroy() {
		this.listeners.forEach(Runnable::run);
		this.listeners.clear();
	}

}
