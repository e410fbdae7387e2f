package dev.asynchooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AsyncHooks#asyncWrapProviders()}: Node's rule R54
 * (test-async-wrap-providers.js), with the built-in types of SPEC section 3. Unlike Node,
 * {@code Timeout} is in the map: SPEC makes every built-in type a key.
 */
@ExtendWith(CleanEngine.class)
class AsyncWrapProvidersTests {

	// R54: NONE is 0, the others follow with consecutive numbers; SPEC section 3 adds
	// the types of its table (more may be added later, so only their presence is fixed)
	@Test
	void providersMapEveryBuiltInTypeToConsecutiveNumbersFromNoneAtZero() {
		Map<String, Integer> providers = AsyncHooks.asyncWrapProviders();
		assertThat(providers.keySet().iterator().next()).isEqualTo("NONE");
		assertThat(List.copyOf(providers.values()))
			.isEqualTo(IntStream.range(0, providers.size()).boxed().collect(Collectors.toList()));
		assertThat(providers).containsKeys(ResourceTypes.EXECUTOR_TASK, ResourceTypes.ASYNC_METHOD,
				ResourceTypes.TIMEOUT, ResourceTypes.PROMISE, ResourceTypes.HTTPINCOMINGMESSAGE,
				ResourceTypes.HTTPCLIENTREQUEST, ResourceTypes.TCPSERVERWRAP, ResourceTypes.REACTOR_TASK,
				ResourceTypes.THREAD);
		assertThat(List.of(ResourceTypes.EXECUTOR_TASK, ResourceTypes.ASYNC_METHOD, ResourceTypes.TIMEOUT,
				ResourceTypes.PROMISE, ResourceTypes.HTTPINCOMINGMESSAGE, ResourceTypes.HTTPCLIENTREQUEST,
				ResourceTypes.TCPSERVERWRAP, ResourceTypes.REACTOR_TASK, ResourceTypes.THREAD))
			.containsExactly("EXECUTOR_TASK", "ASYNC_METHOD", "Timeout", "PROMISE", "HTTPINCOMINGMESSAGE",
					"HTTPCLIENTREQUEST", "TCPSERVERWRAP", "REACTOR_TASK", "THREAD");
	}

	// R54: frozen; Node throws a TypeError on assignment in strict mode
	@Test
	void providersCannotBeModified() {
		Map<String, Integer> providers = AsyncHooks.asyncWrapProviders();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> providers.put("NONE", 42));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> providers.put("CUSTOM", providers.size()));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> providers.remove("NONE"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(providers::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> providers.entrySet().iterator().next().setValue(42));
		assertThat(AsyncHooks.asyncWrapProviders()).containsEntry("NONE", 0).doesNotContainKey("CUSTOM");
	}

	// R54
	@Test
	void providersAreTheSameOnEveryCallAndOnEveryThread() throws Exception {
		List<Map<String, Integer>> seen = new ArrayList<>();
		Thread thread = new Thread(() -> seen.add(AsyncHooks.asyncWrapProviders()));
		thread.start();
		thread.join(10_000);
		assertThat(seen).hasSize(1);
		assertThat(seen.get(0)).isEqualTo(AsyncHooks.asyncWrapProviders());
		assertThat(List.copyOf(seen.get(0).keySet())).isEqualTo(List.copyOf(AsyncHooks.asyncWrapProviders().keySet()));
	}

}
