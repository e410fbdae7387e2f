package dev.asynchooks.autoconfigure.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.autoconfigure.reliability.ChaosLoad.Route;
import dev.asynchooks.live.LiveResources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One chaos run against a started application: note what is live before the load (the
 * long-lived resources, which must be exactly the expected ones), send the load, wait
 * until the application has finished what the load started, probe its pools, and check
 * the rules.
 * <p>
 * At the end: the resources live are exactly those live before the load; for the ledger
 * created = destroyed + live, with no second {@code init} or {@code destroy} of an id and
 * no event after a {@code destroy}; the starter's live registry holds the same resources
 * as the ledger, and counted as many created and destroyed during the load; no pooled
 * thread kept a frame or a store; every answer was one the route may give.
 *
 * @author async-hooks
 */
final class ChaosRun {

	// long enough for a loaded two-core machine; the wait ends as soon as it holds
	private static final Duration SETTLE = Duration.ofSeconds(30);

	private final String name;

	private final ChaosLedger ledger;

	private final LiveResources registry;

	private final ChaosLoad load;

	private final PoolProbe probe;

	private Set<Long> longLived = Set.of();

	private long registryCreated;

	private long registryDestroyed;

	private long ledgerInits;

	private long ledgerDestroys;

	private long millis;

	private long settleMillis;

	ChaosRun(String name, int port, List<Route> routes, ChaosLedger ledger, LiveResources registry) {
		this.name = name;
		this.ledger = ledger;
		this.registry = registry;
		this.load = new ChaosLoad(port, routes);
		this.probe = new PoolProbe(ledger, List.<AsyncLocalStorage<?>>of(ChaosConfiguration.TAG));
	}

	/**
	 * Note what is live before the load and check that it is exactly what is expected to
	 * live as long as the application.
	 * @param expected the long-lived resources' types and numbers
	 */
	void before(Map<String, Long> expected) {
		Map<Long, String> live = this.ledger.live();
		assertThat(countByType(live)).as("resources live before the load").isEqualTo(expected);
		this.longLived = live.keySet();
		this.registryCreated = this.registry.created();
		this.registryDestroyed = this.registry.destroyed();
		this.ledgerInits = this.ledger.inits();
		this.ledgerDestroys = this.ledger.destroys();
	}

	/**
	 * Send the load, then wait until only the long-lived resources are live and the
	 * server has seen every stream's client go away.
	 * @param streamsEnded the streams the application saw end (their clients all leave)
	 */
	void load(LongSupplier streamsEnded) throws Exception {
		long requests = ChaosLoad.requests();
		long started = System.nanoTime();
		boolean completed = this.load.run(requests, Duration.ofSeconds(60 + requests / 20));
		this.millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(completed).as("all %d requests sent before the deadline (sent %d)", requests, this.load.sent())
			.isTrue();
		assertThat(this.load.unexpected()).as("unexpected answers (%d)", this.load.unexpectedCount()).isEmpty();
		long settling = System.nanoTime();
		await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			// PROMISEs never settled and cancelled Reactor timers end when collected
			System.gc();
			assertThat(this.ledger.liveSampleExcept(this.longLived))
				.as("resources live after the load: %s", describe(this.ledger.liveSampleIdsExcept(this.longLived)))
				.isEmpty();
			assertThat(streamsEnded.getAsLong()).as("streams ended, of those whose client went away")
				.isEqualTo(this.load.streamAborts());
		});
		this.settleMillis = (System.nanoTime() - settling) / 1_000_000;
	}

	PoolProbe probe() {
		return this.probe;
	}

	/**
	 * Check every rule, then print the run's figures.
	 */
	void assertHeld() {
		// the probes' own resources end just after their runs, on the pooled threads
		await().atMost(SETTLE)
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(this.ledger.live().keySet()).as("resources live at the end")
				.isEqualTo(this.longLived));
		this.ledger.assertNoViolation();
		assertThat(this.load.unexpected()).as("unexpected answers (%d)", this.load.unexpectedCount()).isEmpty();
		assertThat(this.load.askedEveryRoute()).as("every route asked").isTrue();
		assertThat(this.probe.dirty()).as("pooled threads left dirty, pools not covered").isEmpty();
		// the registry and the ledger see the same resources
		assertThat(this.registry.dropped()).as("resources the registry could not track").isZero();
		assertThat(this.registry.tracked()).as("resources live in the registry").isEqualTo(this.longLived.size());
		assertThat(this.longLived).allSatisfy(
				(id) -> assertThat(this.registry.resource(id)).as("long-lived %d in the registry", id).isPresent());
		assertThat(this.registry.created() - this.registry.destroyed()).as("created - destroyed in the registry = live")
			.isEqualTo(this.registry.tracked());
		long created = this.ledger.inits() - this.ledgerInits;
		long destroyed = this.ledger.destroys() - this.ledgerDestroys;
		assertThat(this.registry.created() - this.registryCreated).as("created during the load, registry vs ledger")
			.isEqualTo(created);
		assertThat(this.registry.destroyed() - this.registryDestroyed)
			.as("destroyed during the load, registry vs ledger")
			.isEqualTo(destroyed);
		assertThat(destroyed).as("destroyed during the load").isEqualTo(created);
		System.out.printf(
				"chaos %s: %d requests (%d answered, %d aborted, %d reset, %d streams reset) by %d clients in %d ms, settled in %d ms; "
						+ "statuses %s; resources created %d = destroyed %d + live %d (%s), runs %d (%d nested, %d beside a run on another thread), destroyed unrun %d, "
						+ "foreign events %d; by type %s; probed %s%n",
				this.name, this.load.sent(), this.load.responses(), this.load.aborts(), this.load.resets(),
				this.load.streamAborts(), ChaosLoad.CLIENTS, this.millis, this.settleMillis, this.load.statuses(),
				this.ledger.inits(), this.ledger.destroys(), this.ledger.live().size(), countByType(this.ledger.live()),
				this.ledger.runs(), this.ledger.nestedRuns(), this.ledger.concurrentRuns(),
				this.ledger.destroyedUnrun(), this.ledger.foreign(), this.ledger.initsByType(), this.probe.probed());
	}

	/**
	 * What the registry knows of some live resources, for a failure message.
	 */
	private List<String> describe(List<Long> ids) {
		return ids.stream()
			.map((id) -> this.registry.resource(id)
				.map((resource) -> resource.type() + "(" + id + ") " + resource.description() + " " + resource.state()
						+ " age " + resource.age().toMillis() + " ms, " + resource.runs() + " runs, trigger "
						+ resource.triggerAsyncId())
				.orElse(id + " not in the registry"))
			.toList();
	}

	static Map<String, Long> countByType(Map<Long, String> live) {
		Map<String, Long> counts = new TreeMap<>();
		live.values().forEach((type) -> counts.merge(type, 1L, Long::sum));
		return counts;
	}

}
