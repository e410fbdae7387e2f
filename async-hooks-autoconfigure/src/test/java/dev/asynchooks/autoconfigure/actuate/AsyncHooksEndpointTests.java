package dev.asynchooks.autoconfigure.actuate;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.LiveResourcesDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.NodeDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.ResourceDescriptor;
import dev.asynchooks.live.LiveResources;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksEndpoint}, called directly on a tree of resources made by
 * the test: REQUEST(a) triggers TASK(b), created inside a, and TIMER(c), created inside b
 * with a as explicit trigger.
 *
 * @author async-hooks
 */
class AsyncHooksEndpointTests {

	private final LiveResources liveResources = new LiveResources();

	private final List<AsyncResource> made = new ArrayList<>();

	private AsyncResource a;

	private AsyncResource b;

	private AsyncResource c;

	@BeforeEach
	void buildTree() {
		this.liveResources.hook().enable();
		this.a = made(new DescribedTestResource("REQUEST", "GET /orders/{id}", "GET /orders/42?token=s3cret"));
		this.a.runInAsyncScope(() -> {
			this.b = made(new DescribedTestResource("TASK", null, null));
			this.b.runInAsyncScope(() -> this.c = made(new DescribedTestResource("TIMER", this.a.asyncId())));
		});
	}

	@AfterEach
	void cleanUp() {
		this.made.forEach(AsyncResource::emitDestroy);
		this.liveResources.hook().disable();
		assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
	}

	@Test
	void resourceIsShownWithItsTreeByTrigger() {
		ResourceDescriptor descriptor = body(
				endpoint(Show.ALWAYS).resource(SecurityContext.NONE, id(this.a), null, null), ResourceDescriptor.class);
		NodeDescriptor request = descriptor.resource();
		assertNode(request, this.a, "REQUEST", 1, 1, "waiting", 1, "GET /orders/{id}", "GET /orders/42?token=s3cret");
		assertThat(request.children()).hasSize(2);
		assertNode(request.children().get(0), this.b, "TASK", this.a.asyncId(), this.a.asyncId(), "waiting", 1, null,
				null);
		assertNode(request.children().get(1), this.c, "TIMER", this.a.asyncId(), this.b.asyncId(), "pending", 0, null,
				null);
		assertThat(request.children().get(1).children()).isEmpty();
		assertThat(descriptor.ancestors()).isEmpty();
		assertThat(descriptor.matched()).isEqualTo(3);
		assertThat(descriptor.included()).isEqualTo(3);
		assertThat(descriptor.truncated()).isFalse();
	}

	@Test
	void resourceIsShownWithItsTreeByExecutionAndItsAncestors() {
		ResourceDescriptor byExecution = body(
				endpoint(Show.ALWAYS).resource(SecurityContext.NONE, id(this.a), "execution", null),
				ResourceDescriptor.class);
		assertThat(byExecution.resource().children()).singleElement().satisfies((task) -> {
			assertThat(task.asyncId()).isEqualTo(this.b.asyncId());
			assertThat(task.children()).singleElement()
				.satisfies((timer) -> assertThat(timer.asyncId()).isEqualTo(this.c.asyncId()));
		});
		ResourceDescriptor timer = body(endpoint(Show.ALWAYS).resource(SecurityContext.NONE, id(this.c), null, null),
				ResourceDescriptor.class);
		assertThat(timer.ancestors()).extracting(NodeDescriptor::asyncId).containsExactly(this.a.asyncId());
		assertThat(timer.ancestors()).allSatisfy((ancestor) -> assertThat(ancestor.children()).isNull());
	}

	@Test
	void resourcesAreShownAsAForestWithCountsHooksAndTotals() {
		LiveResourcesDescriptor descriptor = body(
				endpoint(Show.NEVER).resources(SecurityContext.NONE, null, null, null), LiveResourcesDescriptor.class);
		assertThat(descriptor.by()).isEqualTo("trigger");
		assertThat(descriptor.limit()).isEqualTo(1000);
		assertThat(descriptor.resources()).filteredOn((node) -> node.asyncId() == this.a.asyncId())
			.singleElement()
			.satisfies((node) -> assertThat(node.children()).extracting(NodeDescriptor::asyncId)
				.containsExactly(this.b.asyncId(), this.c.asyncId()));
		assertThat(descriptor.resources()).noneMatch((node) -> node.asyncId() == this.b.asyncId());
		assertThat(descriptor.counts()).containsKeys("REQUEST", "TASK", "TIMER");
		assertThat(descriptor.counts().get("TASK")).isEqualTo(new AsyncHooksEndpoint.TypeDescriptor(1, 1, 0, 0));
		assertThat(descriptor.created()).isGreaterThanOrEqualTo(3);
		assertThat(descriptor.live()).isGreaterThanOrEqualTo(3);
		assertThat(descriptor.hooks()).contains(this.liveResources.hook().callbacks().getClass().getName());
		assertThat(descriptor.truncated()).isFalse();
	}

	@Test
	void typeGivesAFlatListAndLimitTruncates() {
		LiveResourcesDescriptor flat = body(endpoint(Show.NEVER).resources(SecurityContext.NONE, null, "TIMER", null),
				LiveResourcesDescriptor.class);
		assertThat(flat.type()).isEqualTo("TIMER");
		assertThat(flat.resources()).singleElement().satisfies((node) -> {
			assertThat(node.asyncId()).isEqualTo(this.c.asyncId());
			assertThat(node.children()).isEmpty();
		});
		ResourceDescriptor limited = body(endpoint(Show.NEVER).resource(SecurityContext.NONE, id(this.a), null, "2"),
				ResourceDescriptor.class);
		assertThat(limited.resource().children()).extracting(NodeDescriptor::asyncId).containsExactly(this.b.asyncId());
		assertThat(limited.matched()).isEqualTo(3);
		assertThat(limited.included()).isEqualTo(2);
		assertThat(limited.truncated()).isTrue();
		LiveResourcesDescriptor clamped = body(new AsyncHooksEndpoint(this.liveResources, Show.NEVER, Set.of(), 1000, 5)
			.resources(SecurityContext.NONE, null, null, "99999999999"), LiveResourcesDescriptor.class);
		assertThat(clamped.limit()).isEqualTo(5);
	}

	@Test
	void textIsIndentedLikeTheTreesOfTheNodeDocumentation() {
		WebEndpointResponse<String> response = endpoint(Show.NEVER).resourceText(SecurityContext.NONE, id(this.a), null,
				null);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(withoutAges(response.getBody())).isEqualTo("""
				REQUEST(%1$d): trigger: 1 execution: 1 waiting runs: 1 age: * "GET /orders/{id}" (******)
				  TASK(%2$d): trigger: %1$d execution: %1$d waiting runs: 1 age: *
				  TIMER(%3$d): trigger: %1$d execution: %2$d pending runs: 0 age: *
				""".formatted(this.a.asyncId(), this.b.asyncId(), this.c.asyncId()));
		WebEndpointResponse<String> byExecution = endpoint(Show.ALWAYS).resourceText(SecurityContext.NONE, id(this.c),
				"execution", null);
		assertThat(withoutAges(byExecution.getBody())).isEqualTo(
				"""
						REQUEST(%1$d): trigger: 1 execution: 1 waiting runs: 1 age: * "GET /orders/{id}" (GET /orders/42?token=s3cret)
						  TIMER(%3$d): trigger: %1$d execution: %2$d pending runs: 0 age: *
						"""
					.formatted(this.a.asyncId(), this.b.asyncId(), this.c.asyncId()));
		WebEndpointResponse<String> all = endpoint(Show.NEVER).resourcesText(SecurityContext.NONE, null, null, null);
		assertThat(withoutAges(all.getBody())).contains("""
				REQUEST(%1$d): trigger: 1 execution: 1 waiting runs: 1 age: * "GET /orders/{id}" (******)
				  TASK(%2$d): trigger: %1$d execution: %1$d waiting runs: 1 age: *
				  TIMER(%3$d): trigger: %1$d execution: %2$d pending runs: 0 age: *
				""".formatted(this.a.asyncId(), this.b.asyncId(), this.c.asyncId()));
		WebEndpointResponse<String> truncated = endpoint(Show.NEVER).resourceText(SecurityContext.NONE, id(this.a),
				null, "1");
		assertThat(truncated.getBody()).endsWith("... 2 more not shown (limit 1)\n");
	}

	@Test
	void typeFilterIgnoresCase() {
		for (String type : List.of("timer", "Timer", "TIMER")) {
			LiveResourcesDescriptor flat = body(endpoint(Show.NEVER).resources(SecurityContext.NONE, null, type, null),
					LiveResourcesDescriptor.class);
			assertThat(flat.resources()).as(type)
				.singleElement()
				.satisfies((node) -> assertThat(node.asyncId()).isEqualTo(this.c.asyncId()));
		}
		assertThat(endpoint(Show.NEVER).resourcesText(SecurityContext.NONE, null, "request", null).getBody())
			.startsWith("REQUEST(" + this.a.asyncId() + ")");
	}

	@Test
	void ancestorsCountAgainstTheLimit() {
		ResourceDescriptor alone = body(endpoint(Show.NEVER).resource(SecurityContext.NONE, id(this.c), null, "1"),
				ResourceDescriptor.class);
		assertThat(alone.resource().asyncId()).isEqualTo(this.c.asyncId());
		assertThat(alone.ancestors()).isEmpty();
		assertThat(alone.ancestorsTruncated()).isTrue();
		assertThat(alone.truncated()).isTrue();
		ResourceDescriptor withParent = body(endpoint(Show.NEVER).resource(SecurityContext.NONE, id(this.c), null, "2"),
				ResourceDescriptor.class);
		assertThat(withParent.ancestors()).extracting(NodeDescriptor::asyncId).containsExactly(this.a.asyncId());
		assertThat(withParent.ancestorsTruncated()).isFalse();
		assertThat(withParent.truncated()).isFalse();
		assertThat(endpoint(Show.NEVER).resourceText(SecurityContext.NONE, id(this.c), null, "1").getBody())
			.startsWith("... more ancestors not shown (limit 1)\nTIMER(" + this.c.asyncId() + ")");
	}

	@Test
	void textEscapesControlCharactersOfEveryValue() {
		AsyncResource evil = made(new DescribedTestResource("EVIL\u001b[31m", "GET /x\nFORGED(1): trigger: 1",
				"a\r\tb\u0085\u2028\u202e"));
		String text = endpoint(Show.ALWAYS).resourcesText(SecurityContext.NONE, null, "evil\u001b[31m", null).getBody();
		assertThat(withoutAges(text)).isEqualTo("EVIL\\u001b[31m(" + evil.asyncId()
				+ "): trigger: 1 execution: 1 pending runs: 0 age: * \"GET /x\\nFORGED(1): trigger: 1\" "
				+ "(a\\r\\tb\\u0085\\u2028\\u202e)\n");
		assertThat(text.lines()).hasSize(1);
	}

	@Test
	void serverReadsAsListening() {
		AsyncResource server = made(new AsyncResource(ResourceTypes.TCPSERVERWRAP,
				AsyncResourceOptions.defaults().withRequireManualDestroy(true)));
		NodeDescriptor node = body(endpoint(Show.NEVER).resource(SecurityContext.NONE, id(server), null, null),
				ResourceDescriptor.class)
			.resource();
		assertThat(node.state()).isEqualTo("listening");
		assertThat(
				withoutAges(endpoint(Show.NEVER).resourceText(SecurityContext.NONE, id(server), null, null).getBody()))
			.isEqualTo("TCPSERVERWRAP(" + server.asyncId() + "): trigger: 1 execution: 1 listening age: *\n");
	}

	@Test
	void runningResourceShowsItsThread() {
		this.b.runInAsyncScope(() -> {
			NodeDescriptor task = body(endpoint(Show.NEVER).resource(SecurityContext.NONE, id(this.b), null, null),
					ResourceDescriptor.class)
				.resource();
			assertThat(task.state()).isEqualTo("running");
			assertThat(task.thread()).isEqualTo(Thread.currentThread().getName());
			assertThat(task.runs()).isEqualTo(2);
		});
	}

	@Test
	void unknownOrDestroyedResourceIsNotFound() {
		AsyncHooksEndpoint endpoint = endpoint(Show.NEVER);
		assertThat(endpoint.resource(SecurityContext.NONE, "999999999999999", null, null).getStatus()).isEqualTo(404);
		assertThat(endpoint.resource(SecurityContext.NONE, "1", null, null).getStatus()).isEqualTo(404);
		assertThat(endpoint.resource(SecurityContext.NONE, "0", null, null).getStatus()).isEqualTo(404);
		assertThat(endpoint.resource(SecurityContext.NONE, "-5", null, null).getStatus()).isEqualTo(404);
		this.c.emitDestroy();
		assertThat(endpoint.resource(SecurityContext.NONE, id(this.c), null, null).getStatus()).isEqualTo(404);
		assertThat(endpoint.resourceText(SecurityContext.NONE, id(this.c), null, null).getStatus()).isEqualTo(404);
	}

	@Test
	void badParametersAreBadRequests() {
		AsyncHooksEndpoint endpoint = endpoint(Show.NEVER);
		for (String asyncId : List.of("abc", "", " ", "1.5", "99999999999999999999999", "0x10")) {
			assertThat(endpoint.resource(SecurityContext.NONE, asyncId, null, null).getStatus()).as(asyncId)
				.isEqualTo(400);
			assertThat(endpoint.resourceText(SecurityContext.NONE, asyncId, null, null).getStatus()).as(asyncId)
				.isEqualTo(400);
		}
		for (String limit : List.of("0", "-1", "abc", "", "1.5", "-99999999999999")) {
			assertThat(endpoint.resources(SecurityContext.NONE, null, null, limit).getStatus()).as(limit)
				.isEqualTo(400);
			assertThat(endpoint.resourcesText(SecurityContext.NONE, null, null, limit).getStatus()).as(limit)
				.isEqualTo(400);
			assertThat(endpoint.resource(SecurityContext.NONE, id(this.a), null, limit).getStatus()).as(limit)
				.isEqualTo(400);
		}
		for (String by : List.of("", "parent", "TRIGGERS")) {
			assertThat(endpoint.resources(SecurityContext.NONE, by, null, null).getStatus()).as(by).isEqualTo(400);
			assertThat(endpoint.resourceText(SecurityContext.NONE, id(this.a), by, null).getStatus()).as(by)
				.isEqualTo(400);
		}
		assertThat(endpoint.resources(SecurityContext.NONE, null, "", null).getStatus()).isEqualTo(400);
		assertThat(endpoint.resources(SecurityContext.NONE, "EXECUTION", null, null).getStatus()).isEqualTo(200);
		assertThat(endpoint.resources(SecurityContext.NONE, null, "NO_SUCH_TYPE", null).getStatus()).isEqualTo(200);
		assertThat(endpoint.resources(SecurityContext.NONE, null, null, "abc").getBody()).isEqualTo(
				new AsyncHooksEndpoint.ErrorDescriptor("Invalid value for 'limit': expected a positive integer"));
	}

	@Test
	void detailsAreMaskedUnlessShowValuesAllowsThem() {
		assertThat(details(Show.NEVER, SecurityContext.NONE)).isEqualTo("******");
		assertThat(details(Show.NEVER, user("ADMIN"))).isEqualTo("******");
		assertThat(details(Show.ALWAYS, SecurityContext.NONE)).isEqualTo("GET /orders/42?token=s3cret");
		assertThat(details(Show.WHEN_AUTHORIZED, SecurityContext.NONE)).isEqualTo("******");
		assertThat(details(Show.WHEN_AUTHORIZED, user("ADMIN"))).isEqualTo("GET /orders/42?token=s3cret");
		assertThat(details(Show.WHEN_AUTHORIZED, user("USER"))).isEqualTo("******");
		WebEndpointResponse<String> text = new AsyncHooksEndpoint(this.liveResources, Show.WHEN_AUTHORIZED,
				Set.of("ADMIN"), 1000, 10_000)
			.resourcesText(SecurityContext.NONE, null, "REQUEST", null);
		assertThat(text.getBody()).contains("(******)").doesNotContain("s3cret");
	}

	private @Nullable String details(Show show, SecurityContext securityContext) {
		AsyncHooksEndpoint endpoint = new AsyncHooksEndpoint(this.liveResources, show, Set.of("ADMIN"), 1000, 10_000);
		NodeDescriptor fromForest = body(endpoint.resources(securityContext, null, "REQUEST", null),
				LiveResourcesDescriptor.class)
			.resources()
			.get(0);
		NodeDescriptor fromSelector = body(endpoint.resource(securityContext, id(this.a), null, null),
				ResourceDescriptor.class)
			.resource();
		assertThat(fromForest.details()).isEqualTo(fromSelector.details());
		assertThat(fromForest.description()).isEqualTo("GET /orders/{id}");
		return fromForest.details();
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "user";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

	private AsyncHooksEndpoint endpoint(Show show) {
		return new AsyncHooksEndpoint(this.liveResources, show, Set.of(), 1000, 10_000);
	}

	private AsyncResource made(AsyncResource resource) {
		this.made.add(resource);
		return resource;
	}

	private static String id(AsyncResource resource) {
		return Long.toString(resource.asyncId());
	}

	private static <T> T body(WebEndpointResponse<?> response, Class<T> type) {
		assertThat(response.getStatus()).isEqualTo(200);
		return type.cast(response.getBody());
	}

	private static void assertNode(NodeDescriptor node, AsyncResource resource, String type, long trigger,
			long execution, String state, int runs, @Nullable String description, @Nullable String details) {
		assertThat(node.asyncId()).isEqualTo(resource.asyncId());
		assertThat(node.type()).isEqualTo(type);
		assertThat(node.triggerAsyncId()).isEqualTo(trigger);
		assertThat(node.executionAsyncId()).isEqualTo(execution);
		assertThat(node.state()).isEqualTo(state);
		assertThat(node.runs()).isEqualTo(runs);
		assertThat(node.thread()).isNull();
		assertThat(node.description()).isEqualTo(description);
		assertThat(node.details()).isEqualTo(details);
		assertThat(node.age().isNegative()).isFalse();
	}

	private static String withoutAges(@Nullable String text) {
		assertThat(text).isNotNull();
		return text.replaceAll("age: [0-9.]+m?s", "age: *").replaceAll("age: [0-9]+m[0-9]+s", "age: *");
	}

}
