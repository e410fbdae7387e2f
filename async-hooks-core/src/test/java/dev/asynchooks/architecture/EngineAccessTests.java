package dev.asynchooks.architecture;

import java.util.concurrent.Callable;

import dev.asynchooks.AsyncResource;
import dev.asynchooks.internal.EngineAccess;
import dev.asynchooks.internal.ThreadState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine access on the class path, where the module does not hide it: it answers only
 * this library's packages, and only {@link AsyncResource} installs it. This test's
 * package, {@code dev.asynchooks.architecture}, stands for code outside the library.
 */
class EngineAccessTests {

	@Test
	void engineAccessRefusesCallersOutsideTheLibrary() {
		assertThatExceptionOfType(IllegalCallerException.class).isThrownBy(() -> EngineAccess.get())
			.withMessageContaining(EngineAccessTests.class.getName());
	}

	@Test
	void engineAccessCannotBeReplaced() {
		new AsyncResource("INSTALLED").emitDestroy();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> EngineAccess.install(new Forged()))
			.withMessage("Only AsyncResource installs the engine access");
	}

	private static final class Forged extends EngineAccess {

		@Override
		public boolean anyHookEnabled() {
			return false;
		}

		@Override
		public boolean destroyHooksEnabled() {
			return false;
		}

		@Override
		public long hookErrors() {
			return 0;
		}

		@Override
		public void run(AsyncResource resource, ThreadState state, Runnable fn) {
		}

		@Override
		public <T> T call(AsyncResource resource, ThreadState state, Callable<T> fn) throws Exception {
			return fn.call();
		}

		@Override
		public int enter(AsyncResource resource, ThreadState state) {
			return 0;
		}

		@Override
		public void exit(AsyncResource resource, ThreadState state, int depth) {
		}

		@Override
		public void destroy(AsyncResource resource, ThreadState state) {
		}

	}

}
