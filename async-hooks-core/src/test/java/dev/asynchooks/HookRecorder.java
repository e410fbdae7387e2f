package dev.asynchooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support: a hook that records every event it receives, in order, with the execution
 * context and thread it arrived in. Thread-safe.
 */
public class HookRecorder implements HookCallbacks, AutoCloseable {

	private final List<Event> events = new ArrayList<>();

	private final AsyncHook hook = AsyncHooks.createHook(this);

	private final boolean keepResources;

	public HookRecorder() {
		this(true);
	}

	private HookRecorder(boolean keepResources) {
		this.keepResources = keepResources;
	}

	/**
	 * Create a recorder and enable its hook.
	 * @return the recorder
	 */
	public static HookRecorder start() {
		HookRecorder recorder = new HookRecorder();
		recorder.hook.enable();
		return recorder;
	}

	/**
	 * Create a recorder that does not keep the {@code resource} passed to {@code init}
	 * (its events have a {@code null} resource), so that recording does not keep
	 * resources from being garbage-collected; and enable its hook.
	 * @return the recorder
	 */
	public static HookRecorder startWithoutResources() {
		HookRecorder recorder = new HookRecorder(false);
		recorder.hook.enable();
		return recorder;
	}

	public AsyncHook hook() {
		return this.hook;
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		record(new Event("init", asyncId, type, triggerAsyncId, this.keepResources ? resource : null));
	}

	@Override
	public void before(long asyncId) {
		record(new Event("before", asyncId, null, 0, null));
	}

	@Override
	public void after(long asyncId) {
		record(new Event("after", asyncId, null, 0, null));
	}

	@Override
	public void destroy(long asyncId) {
		record(new Event("destroy", asyncId, null, 0, null));
	}

	@Override
	public void promiseResolve(long asyncId) {
		record(new Event("promiseResolve", asyncId, null, 0, null));
	}

	private void record(Event event) {
		synchronized (this.events) {
			this.events.add(event);
		}
	}

	/**
	 * All events so far, in arrival order.
	 * @return a copy
	 */
	public List<Event> events() {
		synchronized (this.events) {
			return new ArrayList<>(this.events);
		}
	}

	/**
	 * The events of one resource, as {@code "init"}, {@code "before"}, ... in arrival
	 * order.
	 * @param asyncId the resource
	 * @return the event names
	 */
	public List<String> namesFor(long asyncId) {
		return events().stream().filter((event) -> event.asyncId() == asyncId).map(Event::name).toList();
	}

	/**
	 * The {@code init} events of one type.
	 * @param type the resource type
	 * @return the events in order
	 */
	public List<Event> inits(String type) {
		return events().stream().filter((event) -> event.name().equals("init") && type.equals(event.type())).toList();
	}

	/**
	 * Events as compact strings ({@code "init TYPE 5 trigger=1 eid=1"},
	 * {@code "before 5"}), filtered.
	 * @param filter which events to keep
	 * @return the strings in order
	 */
	public List<String> lines(Predicate<Event> filter) {
		return events().stream().filter(filter).map(Event::toString).toList();
	}

	/**
	 * The events of the given resources as compact strings (see {@link #lines}), in
	 * arrival order. Filtering by id keeps a test's assertions exact even when a resource
	 * leaked by another test is destroyed by garbage collection meanwhile.
	 * @param asyncIds the resources
	 * @return the strings in order
	 */
	public List<String> linesFor(long... asyncIds) {
		Set<Long> ids = LongStream.of(asyncIds).boxed().collect(Collectors.toSet());
		return lines((event) -> ids.contains(event.asyncId()));
	}

	/**
	 * The event names of every resource, grouped by id in order of first event.
	 * @return the names of each resource's events, in arrival order
	 */
	public Map<Long, List<String>> namesById() {
		Map<Long, List<String>> names = new LinkedHashMap<>();
		for (Event event : events()) {
			names.computeIfAbsent(event.asyncId(), (id) -> new ArrayList<>()).add(event.name());
		}
		return names;
	}

	/**
	 * Call {@link AsyncResource#emitDestroy()} on every {@link AsyncResource} this
	 * recorder saw in {@code init} (those ended already are not affected). Call it after
	 * disabling the hooks of a test, so that no resource the test leaked is destroyed
	 * later by garbage collection into another test's hooks.
	 */
	public void destroyRemaining() {
		for (Event event : events()) {
			if (event.resource() instanceof AsyncResource resource) {
				resource.emitDestroy();
			}
		}
	}

	/**
	 * Every resource that got {@code init} got exactly one {@code destroy}, and no event
	 * arrived for an id without an {@code init}.
	 */
	public void assertEveryInitDestroyedOnce() {
		List<Event> events = events();
		List<Long> inits = events.stream().filter((event) -> event.name().equals("init")).map(Event::asyncId).toList();
		// a resource of an earlier test collected now reaches this hook too (Node R15)
		List<Long> destroys = events.stream()
			.filter((event) -> event.name().equals("destroy"))
			.filter((event) -> inits.contains(event.asyncId())
					|| !event.thread().getName().equals("asynchooks-cleaner"))
			.map(Event::asyncId)
			.toList();
		assertThat(destroys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inits);
	}

	@Override
	public void close() {
		this.hook.disable();
	}

	/**
	 * One recorded event.
	 *
	 * @param name the callback
	 * @param asyncId its id
	 * @param type the type, for {@code init}
	 * @param triggerAsyncId the trigger, for {@code init}
	 * @param resource the resource, for {@code init}
	 * @param executionAsyncId {@link AsyncHooks#executionAsyncId()} inside the callback
	 * @param thread the thread the callback ran on
	 */
	public record Event(String name, long asyncId, String type, long triggerAsyncId, Object resource,
			long executionAsyncId, Thread thread) {

		Event(String name, long asyncId, String type, long triggerAsyncId, Object resource) {
			this(name, asyncId, type, triggerAsyncId, resource, AsyncHooks.executionAsyncId(), Thread.currentThread());
		}

		@Override
		public String toString() {
			return name.equals("init") ? "init " + this.type + " " + this.asyncId + " trigger=" + this.triggerAsyncId
					+ " eid=" + this.executionAsyncId : this.name + " " + this.asyncId;
		}

	}

}
