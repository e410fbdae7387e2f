package dev.asynchooks.autoconfigure.task;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;

/**
 * The trigger of a {@link ScheduledTimeout}: the user's trigger, which also ends the
 * registration when it has no next execution.
 */
final class TimeoutTrigger implements Trigger {

	private final Trigger trigger;

	private final ScheduledTimeout timeout;

	TimeoutTrigger(Trigger trigger, ScheduledTimeout timeout) {
		this.trigger = trigger;
		this.timeout = timeout;
	}

	@Override
	public @Nullable Instant nextExecution(TriggerContext triggerContext) {
		Instant next = ScheduledTimeout.unannounced(() -> this.trigger.nextExecution(triggerContext));
		if (next == null) {
			this.timeout.finish();
		}
		return next;
	}

	@Override
	public String toString() {
		return this.trigger.toString();
	}

}
