package dev.asynchooks.live;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.concurrent.AsyncExecutors;
import dev.asynchooks.concurrent.TrackedCompletableFuture;
import dev.asynchooks.live.LiveResources.ParentLink;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creation sites: the line of the application that created each live resource, found by a
 * stack walk or cached per function class; the site filter, the grouped view, the text
 * form and the JMX view.
 */
@ExtendWith(CleanEngine.class)
class CreationSitesTests {

	private static final String THIS = CreationSitesTests.class.getName();

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final List<AsyncResource> made = new ArrayList<>();

	private final List<TrackedCompletableFuture<?>> futures = new ArrayList<>();

	private @Nullable LiveResources live;

	private @Nullable ExecutorService pool;

	@AfterEach
	void cleanUp() throws InterruptedException {
		this.made.forEach(AsyncResource::emitDestroy);
		this.futures.forEach((future) -> future.complete(null));
		if (this.pool != null) {
			this.pool.shutdownNow();
			assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		if (this.live != null) {
			this.live.hook().disable();
		}
	}

	@Test
	void aResourceWithoutFunctionHasTheLineThatCreatedIt() {
		LiveResources live = start(new LiveResources());
		int line = nextLine();
		AsyncResource resource = new AsyncResource("DB_QUERY", MANUAL);
		this.made.add(resource);
		assertThat(site(live, resource.asyncId()))
			.isEqualTo(THIS + ".aResourceWithoutFunctionHasTheLineThatCreatedIt(CreationSitesTests.java:" + line + ")");
		// this test's helper: its own line, not its caller's, is the first frame outside
		// the JDK and the library
		assertThat(site(live, manual("DB_QUERY").asyncId())).isEqualTo(manualSite());
	}

	@Test
	void aDependentStageHasTheLineThatMadeIt() {
		LiveResources live = start(new LiveResources());
		TrackedCompletableFuture<String> source = keep(new TrackedCompletableFuture<>());
		int line = nextLine();
		TrackedCompletableFuture<Integer> dependent = keep(source.thenApply(String::length));
		assertThat(site(live, dependent.asyncId()))
			.isEqualTo(THIS + ".aDependentStageHasTheLineThatMadeIt(CreationSitesTests.java:" + line + ")");
		assertThat(site(live, source.asyncId())).startsWith(THIS + ".aDependentStageHasTheLineThatMadeIt(");
	}

	@Test
	void aTaskHasTheLineThatSubmittedItAndItsFunctionClassIsWalkedOnce() throws InterruptedException {
		LiveResources live = start(new LiveResources());
		ExecutorService pool = AsyncExecutors.wrap(Executors.newSingleThreadExecutor());
		this.pool = pool;
		CountDownLatch release = new CountDownLatch(1);
		List<Long> ids = new ArrayList<>();
		Runnable wait = () -> await(release);
		int line = nextLine();
		for (int i = 0; i < 3; i++) {
			pool.execute(wait);
		}
		int other = nextLine();
		pool.execute(() -> await(release));
		for (LiveResource resource : live.forest(ParentLink.TRIGGER, ResourceTypes.EXECUTOR_TASK, 100)
			.nodes()
			.stream()
			.map(LiveResources.Node::resource)
			.toList()) {
			ids.add(resource.asyncId());
		}
		assertThat(ids).hasSizeGreaterThanOrEqualTo(4);
		String method = THIS
				+ ".aTaskHasTheLineThatSubmittedItAndItsFunctionClassIsWalkedOnce(CreationSitesTests.java:";
		SiteGroups groups = live.sites(ResourceTypes.EXECUTOR_TASK, null, 10);
		assertThat(groups.groups()).filteredOn((group) -> (method + (line + 1) + ")").equals(group.site()))
			.singleElement()
			.satisfies((group) -> {
				assertThat(group.count()).isEqualTo(3);
				assertThat(group.types()).containsExactly(org.assertj.core.api.Assertions.entry("EXECUTOR_TASK", 3));
			});
		assertThat(groups.groups()).filteredOn((group) -> (method + other + ")").equals(group.site()))
			.singleElement()
			.satisfies((group) -> assertThat(group.count()).isEqualTo(1));
		release.countDown();
	}

	@Test
	void theSiteFilterIsAFlatListAndGroupsCountAndAgeBySite() {
		LiveResources live = start(new LiveResources());
		AsyncResource parent = manual("PARENT");
		List<AsyncResource> children = new ArrayList<>();
		parent.runInAsyncScope(() -> {
			children.add(manual("CHILD"));
			children.add(manual("CHILD"));
		});
		LiveResources.Forest forest = live.forest(ParentLink.TRIGGER, null, ".manual(", 100);
		assertThat(forest.nodes()).extracting((node) -> node.resource().asyncId())
			.containsSubsequence(parent.asyncId(), children.get(0).asyncId(), children.get(1).asyncId());
		assertThat(forest.nodes()).allSatisfy((node) -> assertThat(node.children()).isEmpty());
		assertThat(live.forest(ParentLink.TRIGGER, "child", ".manual(", 100).nodes())
			.extracting((node) -> node.resource().asyncId())
			.containsExactly(children.get(0).asyncId(), children.get(1).asyncId());
		assertThat(live.forest(ParentLink.TRIGGER, null, "NoSuchClass.java", 100).nodes()).isEmpty();
		SiteGroups.Group group = live.sites(null, null, 100)
			.groups()
			.stream()
			.filter((candidate) -> (manualSite()).equals(candidate.site()))
			.findFirst()
			.orElseThrow();
		assertThat(group.count()).isEqualTo(3);
		assertThat(group.types()).containsExactly(org.assertj.core.api.Assertions.entry("CHILD", 2),
				org.assertj.core.api.Assertions.entry("PARENT", 1));
		assertThat(group.oldestAsyncId()).isEqualTo(parent.asyncId());
		SiteGroups one = live.sites(null, null, 1);
		assertThat(one.groups()).hasSize(1);
		assertThat(one.truncated()).isEqualTo(one.sites() > 1);
	}

	@Test
	void sitesAreNotRecordedWhenTurnedOffAndAgainWhenTurnedOn() {
		LiveResources live = start(new LiveResources().creationSites(null));
		AsyncResource without = manual("QUIET");
		live.creationSites(CreationSites.defaults());
		AsyncResource with = manual("LOUD");
		assertThat(site(live, without.asyncId())).isNull();
		assertThat(site(live, with.asyncId())).contains("CreationSitesTests.manual(");
	}

	@Test
	void systemPropertyTurnsSitesOffForPlainJava() {
		String previous = System.getProperty(CreationSites.ENABLED_PROPERTY);
		try {
			System.setProperty(CreationSites.ENABLED_PROPERTY, "false");
			assertThat(CreationSites.fromSystemProperties()).isNull();
			assertThat(new LiveResources().creationSites()).isNull();
			System.setProperty(CreationSites.ENABLED_PROPERTY, "true");
			System.setProperty(CreationSites.EXCLUDED_PACKAGES_PROPERTY, "java., com.example.framework.");
			assertThat(CreationSites.fromSystemProperties()).isNotNull()
				.satisfies((sites) -> assertThat(sites.excludedPackages()).containsExactly("java.",
						"com.example.framework."));
		}
		finally {
			System.clearProperty(CreationSites.EXCLUDED_PACKAGES_PROPERTY);
			if (previous != null) {
				System.setProperty(CreationSites.ENABLED_PROPERTY, previous);
			}
			else {
				System.clearProperty(CreationSites.ENABLED_PROPERTY);
			}
		}
		assertThat(CreationSites.defaults().excludedPackages()).isEqualTo(CreationSites.DEFAULT_EXCLUDED_PACKAGES);
	}

	@Test
	void excludedPackagesAreSkippedToTheirCaller() {
		LiveResources live = start(new LiveResources()
			.creationSites(CreationSites.excluding(List.of("java.", "jdk.", "org.junit.", THIS + "$Framework"))));
		int line = nextLine();
		AsyncResource resource = Framework.create(this.made);
		assertThat(site(live, resource.asyncId()))
			.isEqualTo(THIS + ".excludedPackagesAreSkippedToTheirCaller(CreationSitesTests.java:" + line + ")");
	}

	@Test
	void requestsServersAndReactorHopsHaveNoSite() {
		LiveResources live = start(new LiveResources());
		AsyncResource server = manual(ResourceTypes.TCPSERVERWRAP);
		AsyncResource request = manual(ResourceTypes.HTTPINCOMINGMESSAGE);
		AsyncResource hop = manual(ResourceTypes.REACTOR_TASK);
		AsyncResource other = manual("OTHER");
		assertThat(site(live, server.asyncId())).isNull();
		assertThat(site(live, request.asyncId())).isNull();
		assertThat(site(live, hop.asyncId())).isNull();
		assertThat(site(live, other.asyncId())).startsWith(THIS + ".manual(");
	}

	@Test
	void theTextFormShowsTheSiteAfterTheDescriptionAndTheIdOfTheRunningThread() {
		LiveResources live = start(new LiveResources());
		AsyncResource outer = manual("OUTER");
		String[] text = new String[1];
		outer.runInAsyncScope(() -> text[0] = new PlainTextResourcesFormatter(false)
			.trees(live.tree(outer.asyncId(), ParentLink.TRIGGER, 10).orElseThrow().nodes(), 0)
			.toString());
		@SuppressWarnings("deprecation")
		long threadId = Thread.currentThread().getId();
		assertThat(text[0]).isEqualTo("OUTER(" + outer.asyncId() + "): trigger: 1 execution: 1 running on "
				+ Thread.currentThread().getName() + " #" + threadId + " runs: 1 age: "
				+ text[0].substring(text[0].indexOf("age: ") + 5, text[0].indexOf(" at ")) + " at " + manualSite()
				+ "\n");
		String grouped = new PlainTextResourcesFormatter(false).sites(live.sites("OUTER", null, 10)).toString();
		assertThat(grouped)
			.startsWith("1 live at " + manualSite() + ": OUTER 1; oldest: " + outer.asyncId() + " age: ");
	}

	@Test
	void jmxReturnsTheTextTree() throws Exception {
		LiveResources live = start(new LiveResources());
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		ObjectName name = LiveResourcesJmx.register(live);
		try {
			AsyncResource resource = manual("JMX_SHOWN");
			assertThat(name).hasToString("dev.asynchooks:type=LiveResources");
			assertThat((String) server.invoke(name, "tree", null, null))
				.contains("JMX_SHOWN(" + resource.asyncId() + "): trigger: 1 execution: 1 pending runs: 0 age: ")
				.contains(" at " + manualSite());
			assertThat((String) server.invoke(name, "site", new Object[] { "CreationSitesTests.manual" },
					new String[] { String.class.getName() }))
				.contains("JMX_SHOWN(" + resource.asyncId() + ")");
			assertThat((String) server.invoke(name, "sites", null, null))
				.contains(" live at " + manualSite() + ": JMX_SHOWN 1");
			assertThat((Long) server.getAttribute(name, "Live")).isPositive();
			// registering again replaces the view
			assertThat(LiveResourcesJmx.register(live)).isEqualTo(name);
		}
		finally {
			LiveResourcesJmx.unregister(server);
		}
		assertThat(server.isRegistered(name)).isFalse();
	}

	private LiveResources start(LiveResources live) {
		this.live = live;
		live.hook().enable();
		return live;
	}

	private static @Nullable String site(LiveResources live, long asyncId) {
		return live.resource(asyncId).orElseThrow().site();
	}

	private <T> TrackedCompletableFuture<T> keep(TrackedCompletableFuture<T> future) {
		this.futures.add(future);
		return future;
	}

	// the line of the helper below that creates the resource
	private static int manualLine;

	private AsyncResource manual(String type) {
		manualLine = nextLine();
		AsyncResource resource = new AsyncResource(type, MANUAL);
		this.made.add(resource);
		return resource;
	}

	private static String manualSite() {
		return THIS + ".manual(CreationSitesTests.java:" + manualLine + ")";
	}

	private static int nextLine() {
		return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst()).orElseThrow().getLineNumber() + 1;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stands for a framework that creates resources for its callers. */
	static final class Framework {

		static AsyncResource create(List<AsyncResource> made) {
			AsyncResource resource = new AsyncResource("FRAMEWORK", MANUAL);
			made.add(resource);
			return resource;
		}

	}

}
