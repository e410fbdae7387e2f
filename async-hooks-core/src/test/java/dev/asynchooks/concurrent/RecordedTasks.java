package dev.asynchooks.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.asynchooks.HookRecorder;
import dev.asynchooks.HookRecorder.Event;
import org.awaitility.core.ConditionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test support: find a task's events in a {@link HookRecorder} and wait for its destroy.
 * (Executors a test makes are shut down by {@link dev.asynchooks.CleanEngine}.)
 */
final class RecordedTasks {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private RecordedTasks() {
	}

	/**
	 * The id given to a resource in its {@code init}.
	 * @param recorder the recorder
	 * @param resource the object passed to {@code init}
	 * @return its id
	 */
	static long idOf(HookRecorder recorder, Object resource) {
		return init(recorder, resource).asyncId();
	}

	static Event init(HookRecorder recorder, Object resource) {
		return recorder.events()
			.stream()
			.filter((event) -> event.name().equals("init") && event.resource() == resource)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no init for " + resource));
	}

	/**
	 * The one event of a resource with the given name.
	 * @param recorder the recorder
	 * @param asyncId the resource
	 * @param name the event
	 * @return the event
	 */
	static Event event(HookRecorder recorder, long asyncId, String name) {
		List<Event> events = recorder.events()
			.stream()
			.filter((event) -> event.asyncId() == asyncId && event.name().equals(name))
			.toList();
		assertThat(events).as("%s events of %d", name, asyncId).hasSize(1);
		return events.get(0);
	}

	static void awaitDestroy(HookRecorder recorder, long asyncId) {
		awaitFast().until(() -> recorder.namesFor(asyncId).contains("destroy"));
	}

	/**
	 * Wait until every {@code init} recorded so far has its {@code destroy}.
	 * @param recorder the recorder
	 */
	static void awaitEveryInitDestroyed(HookRecorder recorder) {
		awaitFast().untilAsserted(recorder::assertEveryInitDestroyedOnce);
	}

	/**
	 * An Awaitility wait that checks at once and then every few milliseconds (the default
	 * waits 100 ms before the first check).
	 * @return the condition factory
	 */
	static ConditionFactory awaitFast() {
		return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
	}

	static List<String> repeat(String first, List<String> repeated, int times, String last) {
		List<String> names = new ArrayList<>();
		names.add(first);
		for (int i = 0; i < times; i++) {
			names.addAll(repeated);
		}
		names.add(last);
		return names;
	}

}
