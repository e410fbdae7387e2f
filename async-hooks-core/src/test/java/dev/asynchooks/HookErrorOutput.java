package dev.asynchooks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test support: what the engine reports about failing hooks while an action runs — the
 * stack traces it prints to {@code System.err} and the records of its
 * {@code System.Logger} ({@code dev.asynchooks}, backed by {@code java.util.logging} in
 * these tests) — captured instead of printed, so that a test that makes a hook fail on
 * purpose can assert on the report and leaves the build's log quiet. Output of every
 * thread is captured while the action runs (the cleaner thread's too).
 */
public final class HookErrorOutput {

	private static final Logger ENGINE_LOGGER = Logger.getLogger("dev.asynchooks");

	private HookErrorOutput() {
	}

	/**
	 * Run the action with the engine's error output captured.
	 * @param action what makes hooks fail
	 * @return what was printed and logged
	 */
	public static Captured capture(Runnable action) {
		// make java.util.logging bind its console handler before stderr is replaced
		Logger.getLogger("").getHandlers();
		List<String> log = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				log.add(record.getLevel() + ": " + record.getMessage());
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		boolean useParentHandlers = ENGINE_LOGGER.getUseParentHandlers();
		ENGINE_LOGGER.addHandler(handler);
		ENGINE_LOGGER.setUseParentHandlers(false);
		PrintStream original = System.err;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
		try {
			action.run();
		}
		finally {
			System.setErr(original);
			ENGINE_LOGGER.setUseParentHandlers(useParentHandlers);
			ENGINE_LOGGER.removeHandler(handler);
		}
		return new Captured(buffer.toString(StandardCharsets.UTF_8), List.copyOf(log));
	}

	/**
	 * What the engine reported.
	 *
	 * @param stderr what was printed to {@code System.err}
	 * @param log the engine's log records, as {@code LEVEL: message}
	 */
	public record Captured(String stderr, List<String> log) {

	}

}
