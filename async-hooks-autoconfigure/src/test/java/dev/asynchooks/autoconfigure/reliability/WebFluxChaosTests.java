package dev.asynchooks.autoconfigure.reliability;

import java.util.Map;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.reliability.ChaosConfiguration.ChaosWork;
import dev.asynchooks.live.LiveResources;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The WebFlux chaos run: {@link WebFluxChaosApplication} on Reactor Netty with the
 * starter, a bounded load of {@value ChaosLoad#CI_REQUESTS} requests (CI size; full size
 * with {@code -Dasynchooks.chaos.requests=80000}) mixing answers, errors, scheduler hops,
 * timeouts, rejections, {@code @Async} and promise chains, and clients that go away
 * (cancelling a delayed {@code Mono} or an endless {@code Flux}); then the checks of
 * {@link ChaosRun}, with a probe on every Netty event loop, every thread of Reactor's
 * parallel scheduler and of each executor and scheduler of the application.
 *
 * @author async-hooks
 */
@DirtiesContext // closing the context removes the process-wide Reactor schedule hook
@SpringBootTest(classes = WebFluxChaosApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.main.web-application-type=reactive",
		"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
		// "500 Server Error for HTTP GET" with the stack trace of /boom & co. (the
		// class's logger, and the one it falls back to when that one is off)
		"logging.level.org.springframework.boot.webflux.autoconfigure.error=off",
		"logging.level.org.springframework.web.HttpLogging=off", "logging.level.org.springframework.web.server=off",
		"logging.level.reactor.netty=off" })
class WebFluxChaosTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChaosLedger ledger;

	@Autowired
	private LiveResources registry;

	@Autowired
	private ChaosWork work;

	@Autowired
	private TaskScheduler taskScheduler;

	@Autowired
	private ReactorResourceFactory resources;

	@Test
	void everyResourceEndsOnceAndNoPooledThreadIsLeftDirtyUnderFaults() throws Exception {
		ChaosRun run = new ChaosRun(name(), this.port, WebFluxChaosApplication.ROUTES, this.ledger, this.registry);
		run.before(Map.of(ResourceTypes.TCPSERVERWRAP, 1L, ResourceTypes.TIMEOUT, 1L));
		run.load(this.work::streamsEnded);
		probePools(run.probe());
		run.assertHeld();
	}

	String name() {
		return "webflux";
	}

	private void probePools(PoolProbe probe) throws Exception {
		EventLoopGroup loops = this.resources.getLoopResources().onServer(LoopResources.DEFAULT_NATIVE);
		int i = 0;
		for (EventExecutor loop : loops) {
			probe.probe("netty event loop " + i++, loop::execute, () -> 1, false);
		}
		probe.checkCovered("webflux-http-");
		probe.probe("parallel scheduler", Schedulers.parallel()::schedule, () -> Schedulers.DEFAULT_POOL_SIZE, true);
		probe.checkCovered("parallel-");
		AsyncTaskExecutor applicationTaskExecutor = this.work.applicationTaskExecutor();
		if (applicationTaskExecutor instanceof ThreadPoolTaskExecutor pool) {
			probe.probe("applicationTaskExecutor", pool::execute, pool::getPoolSize, true);
		}
		probe.probe("boundedExecutor", this.work.boundedExecutor()::execute, this.work.boundedExecutor()::getPoolSize,
				true);
		probe.probe("saturatedExecutor", this.work.saturatedExecutor()::execute,
				this.work.saturatedExecutor()::getPoolSize, true);
		if (this.taskScheduler instanceof ThreadPoolTaskScheduler pool) {
			probe.probe("taskScheduler", pool::execute, pool::getPoolSize, true);
		}
	}

}
