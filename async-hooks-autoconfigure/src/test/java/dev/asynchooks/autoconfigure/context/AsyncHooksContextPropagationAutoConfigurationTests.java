package dev.asynchooks.autoconfigure.context;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.asynchooks.AsyncLocalStorage;
import dev.asynchooks.autoconfigure.AsyncHooksAutoConfiguration;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncHooksContextPropagationAutoConfiguration}.
 *
 * @author async-hooks
 */
class AsyncHooksContextPropagationAutoConfigurationTests {

	private static final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncHooksAutoConfiguration.class,
				AsyncHooksContextPropagationAutoConfiguration.class));

	// contexts cached by other test classes may hold a registration of their own
	private ThreadLocalAccessor<?> registeredBefore;

	@BeforeEach
	void recordRegistration() {
		this.registeredBefore = registeredAccessor();
	}

	@AfterEach
	void registrationIsLeftAsItWas() {
		if (this.registeredBefore == null) {
			assertThat(registeredAccessor()).isNull();
		}
		else {
			assertThat(registeredAccessor()).isNotNull();
		}
		assertThat(requestId.getStore()).isNull();
	}

	@Test
	void accessorIsRegisteredWhileTheContextRuns() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncLocalStorageThreadLocalAccessor.class);
			assertThat(registeredAccessor()).isSameAs(context.getBean(AsyncLocalStorageThreadLocalAccessor.class));
		});
	}

	@Test
	void contextSnapshotCarriesTheStoresToAnotherThreadAndRestoresItsOwn() {
		this.contextRunner.run((context) -> {
			ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
			Supplier<ContextSnapshot> capture = factory::captureAll;
			ContextSnapshot snapshot = requestId.run("request-9", capture);
			AtomicReference<String> seen = new AtomicReference<>();
			Thread thread = new Thread(() -> {
				requestId.enterWith("own");
				snapshot.wrap(() -> seen.set(requestId.getStore())).run();
				seen.set(seen.get() + "," + requestId.getStore());
			});
			thread.start();
			thread.join();
			assertThat(seen.get()).isEqualTo("request-9,own");
		});
	}

	@Test
	void contextSnapshotTakenWithNoStoreClearsTheStoresWhereItRuns() {
		this.contextRunner.run((context) -> {
			ContextSnapshot snapshot = ContextSnapshotFactory.builder().clearMissing(true).build().captureAll();
			AtomicReference<String> seen = new AtomicReference<>();
			requestId.run("outer", () -> snapshot.wrap(() -> seen.set(requestId.getStore())).run());
			assertThat(seen.get()).isNull();
		});
	}

	@Test
	void accessorBacksOffWhenUserDefinesOne() {
		this.contextRunner
			.withBean("customAccessor", AsyncLocalStorageThreadLocalAccessor.class,
					AsyncLocalStorageThreadLocalAccessor::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(AsyncLocalStorageThreadLocalAccessor.class).hasBean("customAccessor");
				assertThat(registeredAccessor()).isSameAs(context.getBean("customAccessor"));
			});
	}

	@Test
	void nothingIsRegisteredWhenContextPropagationIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.context-propagation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AsyncLocalStorageThreadLocalAccessor.class);
			assertThat(registeredAccessor()).isSameAs(this.registeredBefore);
		});
	}

	@Test
	void nothingIsRegisteredWhenAsyncHooksIsDisabled() {
		this.contextRunner.withPropertyValues("async-hooks.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AsyncLocalStorageThreadLocalAccessor.class);
			assertThat(registeredAccessor()).isSameAs(this.registeredBefore);
		});
	}

	@Test
	void nothingIsRegisteredWithoutContextPropagation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLocalStorageThreadLocalAccessor.class));
	}

	private static ThreadLocalAccessor<?> registeredAccessor() {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((accessor) -> AsyncLocalStorageThreadLocalAccessor.KEY.equals(accessor.key()))
			.findFirst()
			.orElse(null);
	}

}
