package dev.asynchooks.autoconfigure.reliability;

import java.util.Map;
import java.util.concurrent.Executor;

import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.reliability.ChaosConfiguration.ChaosWork;
import dev.asynchooks.live.LiveResources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The Spring MVC chaos run: {@link MvcChaosApplication} on Tomcat with the starter, a
 * bounded load of {@value ChaosLoad#CI_REQUESTS} requests (CI size; full size with
 * {@code -Dasynchooks.chaos.requests=80000}) mixing answers, thrown exceptions, async
 * timeouts, rejections, {@code @Async} and promise chains, and clients that go away; then
 * the checks of {@link ChaosRun}, with a probe on every thread of Tomcat's pool and of
 * each executor and scheduler of the application.
 *
 * @author async-hooks
 */
@DirtiesContext // its hooks and server end with it
@SpringBootTest(classes = MvcChaosApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.async.request-timeout=5s",
				// "Servlet.service() ... threw exception" with the stack trace of /boom
				"logging.level.org.apache.catalina.core=off",
				// "Resolved [AsyncRequestTimeoutException]", client aborts
				"logging.level.org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver=off",
				"logging.level.org.springframework.web.servlet.handler=off",
				"logging.level.org.springframework.web.context.request.async=off" })
class MvcChaosTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChaosLedger ledger;

	@Autowired
	private LiveResources registry;

	@Autowired
	private ChaosWork work;

	@Autowired
	private ServletWebServerApplicationContext context;

	@Autowired
	private TaskScheduler taskScheduler;

	@Test
	void everyResourceEndsOnceAndNoPooledThreadIsLeftDirtyUnderFaults() throws Exception {
		ChaosRun run = new ChaosRun(name(), this.port, MvcChaosApplication.ROUTES, this.ledger, this.registry);
		run.before(Map.of(ResourceTypes.TCPSERVERWRAP, 1L, ResourceTypes.TIMEOUT, 1L));
		run.load(this.work::streamsEnded);
		probePools(run.probe());
		run.assertHeld();
	}

	String name() {
		return "mvc";
	}

	private void probePools(PoolProbe probe) throws Exception {
		Executor tomcat = ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler()
			.getExecutor();
		if (tomcat instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
			probe.probe("tomcat", pool::execute, pool::getPoolSize, false);
		}
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
