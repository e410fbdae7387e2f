package dev.asynchooks.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.LiveResourcesDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.NodeDescriptor;
import dev.asynchooks.autoconfigure.actuate.AsyncHooksEndpoint.ResourceDescriptor;
import dev.asynchooks.live.LiveResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200,000 live resources: 20,000 requests with 9 tasks each, plus one chain of 2,000.
 * Every response stays bounded by the limit; nothing is asserted on time (the times are
 * printed, for the README).
 *
 * @author async-hooks
 */
class AsyncHooksEndpointLargeTreeTests {

	private static final int REQUESTS = 20_000;

	private static final int TASKS_PER_REQUEST = 9;

	private static final int CHAIN = 2_000;

	private static final int LIVE = REQUESTS * (1 + TASKS_PER_REQUEST) + CHAIN;

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LiveResources liveResources = new LiveResources(LIVE + 10_000);

	private final AsyncHooksEndpoint endpoint = new AsyncHooksEndpoint(this.liveResources, Show.NEVER, Set.of(), 1000,
			10_000);

	private final List<AsyncResource> made = new ArrayList<>(LIVE);

	@BeforeEach
	void build() {
		this.liveResources.hook().enable();
		for (int r = 0; r < REQUESTS; r++) {
			AsyncResource request = new AsyncResource("LARGE_REQUEST", MANUAL);
			this.made.add(request);
			request.runInAsyncScope(() -> {
				for (int t = 0; t < TASKS_PER_REQUEST; t++) {
					this.made.add(new AsyncResource("LARGE_TASK", MANUAL));
				}
			});
		}
		long trigger = 1;
		for (int i = 0; i < CHAIN; i++) {
			AsyncResource link = new AsyncResource("LARGE_CHAIN", MANUAL.withTriggerAsyncId(trigger));
			this.made.add(link);
			trigger = link.asyncId();
		}
	}

	@AfterEach
	void destroy() {
		this.made.forEach(AsyncResource::emitDestroy);
		assertThat(this.liveResources.types()).allSatisfy((type) -> assertThat(type.active()).isZero());
		this.liveResources.hook().disable();
	}

	@Test
	void largeForestIsRenderedWithinTheLimit() throws Exception {
		assertThat(this.liveResources.tracked()).isGreaterThanOrEqualTo(LIVE);
		long start = System.nanoTime();
		LiveResourcesDescriptor forest = body(this.endpoint.resources(SecurityContext.NONE, null, null, null),
				LiveResourcesDescriptor.class);
		String rendered = json.writeValueAsString(forest);
		long jsonNanos = System.nanoTime() - start;
		assertThat(forest.matched()).isGreaterThanOrEqualTo(LIVE);
		assertThat(forest.included()).isEqualTo(1000);
		assertThat(count(forest.resources())).isEqualTo(1000);
		assertThat(forest.truncated()).isTrue();
		assertThat(forest.counts().get("LARGE_TASK").live()).isEqualTo(REQUESTS * TASKS_PER_REQUEST);
		assertThat(rendered.length()).isLessThan(1_000_000);

		start = System.nanoTime();
		String text = this.endpoint.resourcesText(SecurityContext.NONE, null, null, null).getBody();
		long textNanos = System.nanoTime() - start;
		assertThat(text.lines().count()).isEqualTo(1001);
		assertThat(text).endsWith(" more not shown (limit 1000)\n");

		start = System.nanoTime();
		LiveResourcesDescriptor max = body(this.endpoint.resources(SecurityContext.NONE, "execution", null, "10000"),
				LiveResourcesDescriptor.class);
		String maxRendered = json.writeValueAsString(max);
		long maxNanos = System.nanoTime() - start;
		assertThat(max.included()).isEqualTo(10_000);
		assertThat(count(max.resources())).isEqualTo(10_000);
		assertThat(maxRendered.length()).isLessThan(10_000_000);

		start = System.nanoTime();
		LiveResourcesDescriptor flat = body(this.endpoint.resources(SecurityContext.NONE, null, "LARGE_TASK", null),
				LiveResourcesDescriptor.class);
		long flatNanos = System.nanoTime() - start;
		assertThat(flat.matched()).isEqualTo(REQUESTS * TASKS_PER_REQUEST);
		assertThat(flat.resources()).hasSize(1000);

		System.out.printf(
				"Rendered %d live resources: JSON (limit 1000, %d chars) %d ms, text %d ms, JSON (limit 10000) %d ms,"
						+ " type filter %d ms%n",
				forest.matched(), rendered.length(), jsonNanos / 1_000_000, textNanos / 1_000_000, maxNanos / 1_000_000,
				flatNanos / 1_000_000);
	}

	@Test
	void deepChainIsCutIntoTreesOfBoundedDepth() {
		long first = this.made.get(REQUESTS * (1 + TASKS_PER_REQUEST)).asyncId();
		ResourceDescriptor chain = body(
				this.endpoint.resource(SecurityContext.NONE, Long.toString(first), null, "10000"),
				ResourceDescriptor.class);
		assertThat(chain.matched()).isEqualTo(CHAIN);
		assertThat(chain.included()).isEqualTo(CHAIN);
		assertThat(depth(chain.resource())).isEqualTo(LiveResources.MAX_DEPTH);
		long last = this.made.get(this.made.size() - 1).asyncId();
		ResourceDescriptor tail = body(this.endpoint.resource(SecurityContext.NONE, Long.toString(last), null, null),
				ResourceDescriptor.class);
		// the resource, and its nearest ancestors as far as the limit allows
		assertThat(tail.ancestors()).hasSize(999);
		assertThat(tail.ancestorsTruncated()).isTrue();
		String text = this.endpoint.resourceText(SecurityContext.NONE, Long.toString(first), null, "100").getBody();
		assertThat(text.lines().count()).isEqualTo(101);
	}

	private static int count(List<NodeDescriptor> nodes) {
		int count = 0;
		for (NodeDescriptor node : nodes) {
			count += 1 + count(node.children());
		}
		return count;
	}

	private static int depth(NodeDescriptor node) {
		int depth = 1;
		while (node.children() != null && !node.children().isEmpty()) {
			node = node.children().get(0);
			depth++;
		}
		return depth;
	}

	private static <T> T body(WebEndpointResponse<?> response, Class<T> type) {
		assertThat(response.getStatus()).isEqualTo(200);
		return type.cast(response.getBody());
	}

}
