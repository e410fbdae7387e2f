package dev.asynchooks.autoconfigure.web.servlet;

import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.CleanEngine;
import dev.asynchooks.ResourceTypes;
import dev.asynchooks.autoconfigure.RecordingCallbacks;
import dev.asynchooks.autoconfigure.RecordingCallbacks.Event;
import dev.asynchooks.autoconfigure.web.server.WebServerResources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequestEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IncomingRequestFilter} on its own, for the dispatches a real container
 * does not make on demand.
 *
 * @author async-hooks
 */
class IncomingRequestFilterTests {

	@RegisterExtension
	final CleanEngine engine = CleanEngine.changesOnly();

	private final RecordingCallbacks recorder = new RecordingCallbacks();

	private final IncomingRequestFilter filter = new IncomingRequestFilter(
			new StaticListableBeanFactory().getBeanProvider(WebServerResources.class));

	private AsyncHook hook;

	@BeforeEach
	void enable() {
		this.hook = this.engine.disableAfter(AsyncHooks.createHook(this.recorder).enable());
	}

	@Test
	void dispatchNestedInTheRequestsOwnRunsInItsScopeWithoutASecondBefore() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/1");
		MockHttpServletResponse response = new MockHttpServletResponse();
		List<Long> seen = new ArrayList<>();
		// an error page rendered from inside the request's dispatch, as ErrorPageFilter
		// does
		FilterChain outer = (req, res) -> {
			seen.add(AsyncHooks.executionAsyncId());
			request.setDispatcherType(DispatcherType.ERROR);
			this.filter.doFilter(req, res, (errorReq, errorRes) -> seen.add(AsyncHooks.executionAsyncId()));
		};

		this.filter.doFilter(request, response, outer);

		long asyncId = requestResource();
		assertThat(seen).containsExactly(asyncId, asyncId);
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after");
		new IncomingRequestListener().requestDestroyed(new ServletRequestEvent(new MockServletContext(), request));
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void laterDispatchOfTheSameRequestIsASecondRun() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/1");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		request.setDispatcherType(DispatcherType.ERROR);
		this.filter.doFilter(request, response, new MockFilterChain());
		new IncomingRequestListener().requestDestroyed(new ServletRequestEvent(new MockServletContext(), request));

		assertThat(this.recorder.kinds(requestResource())).containsExactly("init", "before", "after", "before", "after",
				"destroy");
	}

	@Test
	void dispatchAfterTheRequestEndedRunsOutsideItsScope() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/1");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		new IncomingRequestListener().requestDestroyed(new ServletRequestEvent(new MockServletContext(), request));
		long asyncId = requestResource();
		List<Long> seen = new ArrayList<>();

		request.setDispatcherType(DispatcherType.ERROR);
		this.filter.doFilter(request, response, (req, res) -> seen.add(AsyncHooks.executionAsyncId()));

		assertThat(seen).singleElement().isNotEqualTo(asyncId);
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after", "destroy");
	}

	@Test
	void asyncCallbackEntersTheRequestOnlyWhenItRunsOutsideItAndBeforeItEnded() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/1");
		MockHttpServletResponse response = new MockHttpServletResponse();
		List<Long> seen = new ArrayList<>();
		Runnable callback = () -> seen.add(AsyncHooks.executionAsyncId());
		// inside one of the request's dispatches: no run of its own
		this.filter.doFilter(request, response,
				(req, res) -> IncomingRequestResource.of(req).runInRequest(null, callback));
		long asyncId = requestResource();
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after");
		// from a container thread between dispatches: a run
		IncomingRequestResource.of(request).runInRequest(null, callback);
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after", "before", "after");
		new IncomingRequestListener().requestDestroyed(new ServletRequestEvent(new MockServletContext(), request));
		// after the end: outside it
		IncomingRequestResource.of(request).runInRequest(null, callback);
		assertThat(seen).containsExactly(asyncId, asyncId, 1L);
		assertThat(this.recorder.kinds(asyncId)).containsExactly("init", "before", "after", "before", "after",
				"destroy");
	}

	@Test
	void readsTheAttributeSpringMvcLeavesTheMatchedPatternIn() {
		assertThat(IncomingRequestFilter.BEST_MATCHING_PATTERN_ATTRIBUTE)
			.isEqualTo(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
	}

	private long requestResource() {
		List<Event> inits = this.recorder.events()
			.stream()
			.filter((event) -> event.kind().equals("init") && ResourceTypes.HTTPINCOMINGMESSAGE.equals(event.type()))
			.toList();
		assertThat(inits).hasSize(1);
		return inits.get(0).asyncId();
	}

}
