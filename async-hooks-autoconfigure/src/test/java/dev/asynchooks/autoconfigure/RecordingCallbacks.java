package dev.asynchooks.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;

/**
 * {@link HookCallbacks} that record every event, for tests. The engine is process-wide:
 * tests look only at the events of the resources they made.
 *
 * @author async-hooks
 */
public class RecordingCallbacks implements HookCallbacks {

	private final List<Event> events = new CopyOnWriteArrayList<>();

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		this.events.add(new Event("init", asyncId, type, triggerAsyncId, AsyncHooks.executionAsyncId(), resource));
	}

	@Override
	public void before(long asyncId) {
		this.events.add(new Event("before", asyncId, null, 0, AsyncHooks.executionAsyncId(), null));
	}

	@Override
	public void after(long asyncId) {
		this.events.add(new Event("after", asyncId, null, 0, AsyncHooks.executionAsyncId(), null));
	}

	@Override
	public void destroy(long asyncId) {
		this.events.add(new Event("destroy", asyncId, null, 0, AsyncHooks.executionAsyncId(), null));
	}

	public List<Event> events() {
		return List.copyOf(this.events);
	}

	/**
	 * The inits of resources of the given type triggered by the given context.
	 * @param type the type
	 * @param triggerAsyncId the trigger
	 * @return the init events
	 */
	public List<Event> inits(String type, long triggerAsyncId) {
		return this.events.stream()
			.filter((event) -> event.kind().equals("init") && type.equals(event.type())
					&& event.triggerAsyncId() == triggerAsyncId)
			.toList();
	}

	/**
	 * The events of one resource, as kinds.
	 * @param asyncId the resource
	 * @return the kinds of its events in order
	 */
	public List<String> kinds(long asyncId) {
		return this.events.stream().filter((event) -> event.asyncId() == asyncId).map(Event::kind).toList();
	}

	/**
	 * A recorded event.
	 *
	 * @param kind init, before, after or destroy
	 * @param asyncId the resource
	 * @param type the type (init only)
	 * @param triggerAsyncId the trigger (init only)
	 * @param executionAsyncId the execution context during the callback
	 * @param resource the resource object (init only)
	 */
	public record Event(String kind, long asyncId, String type, long triggerAsyncId, long executionAsyncId,
			Object resource) {

	}

}
