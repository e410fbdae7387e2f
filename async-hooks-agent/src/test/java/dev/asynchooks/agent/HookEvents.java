package dev.asynchooks.agent;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;

/**
 * Records every lifecycle event of the JVM through the public API only, as an application
 * would, for the resources the agent creates.
 */
final class HookEvents implements HookCallbacks, AutoCloseable {

	private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

	private final AsyncHook hook = AsyncHooks.createHook(this);

	static HookEvents start() {
		HookEvents events = new HookEvents();
		events.hook.enable();
		return events;
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		this.events.add(new Event("init", asyncId, type, triggerAsyncId, resource, AsyncHooks.executionAsyncId()));
	}

	@Override
	public void before(long asyncId) {
		this.events.add(new Event("before", asyncId, null, 0, null, AsyncHooks.executionAsyncId()));
	}

	@Override
	public void after(long asyncId) {
		this.events.add(new Event("after", asyncId, null, 0, null, AsyncHooks.executionAsyncId()));
	}

	@Override
	public void destroy(long asyncId) {
		this.events.add(new Event("destroy", asyncId, null, 0, null, AsyncHooks.executionAsyncId()));
	}

	/**
	 * The {@code init} of the resource reported as {@code resource}.
	 * @param resource the object passed to init
	 * @return its init event
	 * @throws AssertionError if there is none, or more than one
	 */
	Event initOf(Object resource) {
		List<Event> inits = this.events.stream()
			.filter((event) -> event.name.equals("init") && event.resource == resource)
			.toList();
		if (inits.size() != 1) {
			throw new AssertionError("Expected one init for " + resource + " but got " + inits);
		}
		return inits.get(0);
	}

	/**
	 * The inits of a type, in order.
	 * @param type the resource type
	 * @return its init events
	 */
	List<Event> initsOf(String type) {
		return this.events.stream().filter((event) -> event.name.equals("init") && type.equals(event.type)).toList();
	}

	/**
	 * The events of one resource, in order, as their names.
	 * @param asyncId the resource
	 * @return e.g. {@code [init, before, after, destroy]}
	 */
	List<String> namesOf(long asyncId) {
		return this.events.stream()
			.filter((event) -> event.asyncId == asyncId)
			.map((event) -> event.name)
			.collect(Collectors.toList());
	}

	/**
	 * Disable the hook, and check that no class the agent transformed meanwhile failed.
	 */
	@Override
	public void close() {
		this.hook.disable();
		List<String> errors = AgentInstaller.errors();
		if (!errors.isEmpty()) {
			throw new AssertionError("The agent could not instrument " + errors);
		}
	}

	record Event(String name, long asyncId, String type, long triggerAsyncId, Object resource, long executionAsyncId) {

		@Override
		public String toString() {
			return this.name + "(" + this.asyncId + (Objects.equals(this.name, "init")
					? ", " + this.type + ", trigger " + this.triggerAsyncId + ", " + this.resource : "") + ")";
		}

	}

}
