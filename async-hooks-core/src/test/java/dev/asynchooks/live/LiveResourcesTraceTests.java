package dev.asynchooks.live;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.AsyncResourceOptions;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.live.LiveResources.Forest;
import dev.asynchooks.live.LiveResources.Node;
import dev.asynchooks.live.LiveResources.ParentLink;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which trace each live resource belongs to: read at {@code init} through a
 * {@link TraceContextReader}, attached later for a resource whose span starts after it,
 * and filtered on.
 */
@ExtendWith(CleanEngine.class)
class LiveResourcesTraceTests {

	private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";

	private static final ThreadLocal<@Nullable Span> current = new ThreadLocal<>();

	private static final AsyncResourceOptions MANUAL = AsyncResourceOptions.defaults().withRequireManualDestroy(true);

	private final List<AsyncResource> made = new ArrayList<>();

	private final LiveResources live = new LiveResources().traceContexts(new SpanReader());

	@AfterEach
	void cleanUp() {
		this.made.forEach(AsyncResource::emitDestroy);
		this.live.hook().disable();
		current.remove();
	}

	@Test
	void aResourceCreatedUnderASpanCarriesItsIds() {
		this.live.hook().enable();
		current.set(new Span(TRACE_A, "00f067aa0ba902b7"));
		AsyncResource traced = make();
		current.remove();
		AsyncResource untraced = make();
		assertThat(this.live.resource(traced.asyncId())).hasValueSatisfying((view) -> {
			assertThat(view.traceId()).isEqualTo(TRACE_A);
			assertThat(view.spanId()).isEqualTo("00f067aa0ba902b7");
		});
		assertThat(this.live.resource(untraced.asyncId())).hasValueSatisfying((view) -> {
			assertThat(view.traceId()).isNull();
			assertThat(view.spanId()).isNull();
		});
	}

	@Test
	void theTraceFilterKeepsOnlyThatTracesResourcesAsAFlatList() {
		this.live.hook().enable();
		current.set(new Span(TRACE_A, "00f067aa0ba902b7"));
		AsyncResource parent = make();
		long[] child = new long[1];
		parent.runInAsyncScope(() -> child[0] = make().asyncId());
		current.set(new Span(TRACE_B, "b7ad6b7169203331"));
		AsyncResource other = make();
		current.remove();
		Forest forest = this.live.forest(ParentLink.TRIGGER, null, null, TRACE_A.toUpperCase(), 100);
		assertThat(forest.nodes()).extracting((node) -> node.resource().asyncId())
			.containsExactly(parent.asyncId(), child[0]);
		assertThat(forest.nodes()).extracting(Node::children).allSatisfy((children) -> assertThat(children).isEmpty());
		assertThat(forest.matched()).isEqualTo(2);
		assertThat(this.live.forest(ParentLink.TRIGGER, null, null, TRACE_B, 100).nodes())
			.extracting((node) -> node.resource().asyncId())
			.containsExactly(other.asyncId());
	}

	@Test
	void aTraceContextIsAttachedOnlyToALiveResourceThatHasNone() {
		this.live.hook().enable();
		AsyncResource request = make();
		Span server = new Span(TRACE_B, "b7ad6b7169203331");
		assertThat(this.live.attachTraceContext(request.asyncId(), server)).isTrue();
		assertThat(this.live.attachTraceContext(request.asyncId(), new Span(TRACE_A, "00f067aa0ba902b7"))).isFalse();
		assertThat(this.live.resource(request.asyncId()))
			.hasValueSatisfying((view) -> assertThat(view.traceId()).isEqualTo(TRACE_B));
		assertThat(this.live.attachTraceContext(Long.MAX_VALUE, server)).isFalse();
	}

	@Test
	void noTraceIsRecordedWithoutAReader() {
		this.live.traceContexts(null).hook().enable();
		current.set(new Span(TRACE_A, "00f067aa0ba902b7"));
		AsyncResource resource = make();
		assertThat(this.live.resource(resource.asyncId()))
			.hasValueSatisfying((view) -> assertThat(view.traceId()).isNull());
		assertThat(this.live.attachTraceContext(resource.asyncId(), current.get())).isFalse();
	}

	private AsyncResource make() {
		AsyncResource resource = new AsyncResource("TRACED", MANUAL);
		this.made.add(resource);
		return resource;
	}

	record Span(String traceId, String spanId) {

	}

	static final class SpanReader implements TraceContextReader<Span> {

		@Override
		public @Nullable Span current() {
			return current.get();
		}

		@Override
		public String traceId(Span context) {
			return context.traceId();
		}

		@Override
		public String spanId(Span context) {
			return context.spanId();
		}

	}

}
