package dev.asynchooks.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
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
 * A pending chain of 40,000 stages, each triggered by the one before (a long
 * {@code thenApply} chain, a retry loop): every response about it, at either end, stays
 * bounded by the limit, ancestors included, and the text form stays linear in the lines
 * it shows (indentation stops growing).
 *
 * @author async-hooks
 */
class AsyncHooksEndpointDeepChainTests {

	private static final int CHAIN = 40_000;

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LiveResources liveResources = new LiveResources(CHAIN + 1000);

	private final AsyncHooksEndpoint endpoint = new AsyncHooksEndpoint(this.liveResources, Show.NEVER, Set.of(), 1000,
			10_000);

	private final List<AsyncResource> chain = new ArrayList<>(CHAIN);

	@BeforeEach
	void build() {
		this.liveResources.hook().enable();
		long trigger = 1;
		for (int i = 0; i < CHAIN; i++) {
			AsyncResource link = new AsyncResource("CHAIN_STAGE", MANUAL.withTriggerAsyncId(trigger));
			this.chain.add(link);
			trigger = link.asyncId();
		}
	}

	@AfterEach
	void destroy() {
		this.chain.forEach(AsyncResource::emitDestroy);
		this.liveResources.hook().disable();
	}

	@Test
	void endOfTheChainWithLimitOneIsOneResource() {
		String last = id(CHAIN - 1);
		ResourceDescriptor one = body(this.endpoint.resource(SecurityContext.NONE, last, null, "1"),
				ResourceDescriptor.class);
		assertThat(one.resource().asyncId()).isEqualTo(this.chain.get(CHAIN - 1).asyncId());
		assertThat(one.ancestors()).isEmpty();
		assertThat(one.ancestorsTruncated()).isTrue();
		assertThat(one.truncated()).isTrue();
		assertThat(json.writeValueAsString(one).length()).isLessThan(1_000);
		String text = body(this.endpoint.resourceText(SecurityContext.NONE, last, null, "1"), String.class);
		assertThat(text.lines()).hasSize(2);
	}

	@Test
	void endOfTheChainShowsItsNearestAncestorsWithinTheLimit() {
		String last = id(CHAIN - 1);
		ResourceDescriptor descriptor = body(this.endpoint.resource(SecurityContext.NONE, last, null, "10000"),
				ResourceDescriptor.class);
		assertThat(descriptor.ancestors()).hasSize(9_999);
		assertThat(descriptor.ancestors()).extracting(NodeDescriptor::asyncId)
			.startsWith(this.chain.get(CHAIN - 2).asyncId(), this.chain.get(CHAIN - 3).asyncId());
		assertThat(descriptor.ancestorsTruncated()).isTrue();
		assertThat(json.writeValueAsString(descriptor).length()).isLessThan(10_000 * 300);
		String text = body(this.endpoint.resourceText(SecurityContext.NONE, last, null, null), String.class);
		List<String> lines = text.lines().toList();
		// the note that ancestors were left out, 999 ancestors and the resource
		assertThat(lines).hasSize(1 + 1000);
		assertThat(lines.get(0)).isEqualTo("... more ancestors not shown (limit 1000)");
		assertThat(lines).allSatisfy((line) -> assertThat(line).hasSizeLessThan(200));
		assertThat(lines.get(lines.size() - 1))
			.startsWith("  ".repeat(PlainTextResourcesFormatter.MAX_INDENT) + "[depth 999] CHAIN_STAGE(" + last + ")");
	}

	@Test
	void startOfTheChainShowsATreeWithinTheLimit() {
		String first = id(0);
		ResourceDescriptor descriptor = body(this.endpoint.resource(SecurityContext.NONE, first, null, "10000"),
				ResourceDescriptor.class);
		assertThat(descriptor.matched()).isEqualTo(CHAIN);
		assertThat(descriptor.included()).isEqualTo(10_000);
		assertThat(descriptor.ancestors()).isEmpty();
		// 64 levels under 'resource', the rest of the 10,000 as trees of their own
		assertThat(1 + count(descriptor.resource().children()) + count(descriptor.continued())).isEqualTo(10_000);
		assertThat(json.writeValueAsString(descriptor).length()).isLessThan(10_000 * 300);
		String text = body(this.endpoint.resourceText(SecurityContext.NONE, first, null, "10000"), String.class);
		assertThat(text.lines()).hasSize(10_001).allSatisfy((line) -> assertThat(line).hasSizeLessThan(200));
		String forest = body(this.endpoint.resourcesText(SecurityContext.NONE, null, null, "10000"), String.class);
		assertThat(forest.lines()).hasSize(10_001).allSatisfy((line) -> assertThat(line).hasSizeLessThan(200));
	}

	private static int count(List<NodeDescriptor> nodes) {
		int count = 0;
		for (NodeDescriptor node : nodes) {
			count += 1 + count(node.children());
		}
		return count;
	}

	private String id(int index) {
		return Long.toString(this.chain.get(index).asyncId());
	}

	private static <T> T body(WebEndpointResponse<?> response, Class<T> type) {
		assertThat(response.getStatus()).isEqualTo(200);
		return type.cast(response.getBody());
	}

}
