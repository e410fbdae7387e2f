package dev.asynchooks.agent;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import dev.asynchooks.AsyncHook;
import dev.asynchooks.AsyncHooks;
import dev.asynchooks.HookCallbacks;
import dev.asynchooks.ResourceTypes;

/**
 * Records every lifecycle event of the JVM, {@code promiseResolve} included, through the
 * public API only, as an application would.
 */
final class PromiseEvents implements HookCallbacks, AutoCloseable {

	private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

	private final AsyncHook hook = AsyncHooks.createHook(this);

	static PromiseEvents start() {
		PromiseEvents events = new PromiseEvents();
		events.hook.enable();
		return events;
	}

	@Override
	public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
		add("init", asyncId, type, triggerAsyncId, resource);
	}

	@Override
	public void before(long asyncId) {
		add("before", asyncId, null, 0, null);
	}

	@Override
	public void after(long asyncId) {
		add("after", asyncId, null, 0, null);
	}

	@Override
	public void destroy(long asyncId) {
		add("destroy", asyncId, null, 0, null);
	}

	@Override
	public void promiseResolve(long asyncId) {
		add("promiseResolve", asyncId, null, 0, null);
	}

	private void add(String name, long asyncId, String type, long triggerAsyncId, Object resource) {
		// the resource is held weakly: a promise never settled is destroyed when
		// collected
		this.events.add(new Event(name, asyncId, type, triggerAsyncId,
				(resource != null) ? new WeakReference<>(resource) : null, AsyncHooks.executionAsyncId()));
	}

	/**
	 * The {@code init} of the resource reported as {@code resource}.
	 * @param resource the object passed to init
	 * @return its init event
	 * @throws AssertionError if there is none, or more than one
	 */
	Event initOf(Object resource) {
		List<Event> inits = this.events.stream()
			.filter((event) -> event.name.equals("init") && event.resource() == resource)
			.toList();
		if (inits.size() != 1) {
			throw new AssertionError("Expected one init for " + resource + " but got " + inits);
		}
		return inits.get(0);
	}

	/** The id of the promise of {@code future}. */
	long idOf(Object future) {
		Event init = initOf(future);
		if (!ResourceTypes.PROMISE.equals(init.type)) {
			throw new AssertionError("Not a PROMISE: " + init);
		}
		return init.asyncId;
	}

	/** The inits of a type, in order. */
	List<Event> initsOf(String type) {
		return this.events.stream().filter((event) -> event.name.equals("init") && type.equals(event.type)).toList();
	}

	/** The events of one resource, in order, as their names. */
	List<String> namesOf(long asyncId) {
		return this.events.stream()
			.filter((event) -> event.asyncId == asyncId)
			.map((event) -> event.name)
			.collect(Collectors.toList());
	}

	/** All events, in order, as {@code name(id)}. */
	List<String> all() {
		return this.events.stream().map((event) -> event.name + "(" + event.asyncId + ")").collect(Collectors.toList());
	}

	/** The position of an event in the whole sequence, or -1. */
	int indexOf(String name, long asyncId) {
		return all().indexOf(name + "(" + asyncId + ")");
	}

	/**
	 * The ids of the resources of a type whose init was seen and whose destroy was not.
	 */
	List<Long> live(String type) {
		return initsOf(type).stream()
			.map(Event::asyncId)
			.filter((id) -> !namesOf(id).contains("destroy"))
			.collect(Collectors.toList());
	}

	@Override
	public void close() {
		this.hook.disable();
	}

	record Event(String name, long asyncId, String type, long triggerAsyncId, WeakReference<Object> resourceRef,
			long executionAsyncId) {

		Object resource() {
			return (this.resourceRef != null) ? this.resourceRef.get() : null;
		}

		@Override
		public String toString() {
			return this.name + "(" + this.asyncId + (Objects.equals(this.name, "init")
					? ", " + this.type + ", trigger " + this.triggerAsyncId + ", " + resource() : "") + ")";
		}

	}

}
