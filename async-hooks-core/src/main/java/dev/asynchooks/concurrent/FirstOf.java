package dev.asynchooks.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * One reaction waiting on several sources, of which only the first to complete counts
 * ({@code anyOf}, {@code applyToEither}, {@code acceptEither}, {@code runAfterEither}).
 * Once it has fired, it is released from the sources that can no longer fire it, as
 * {@code CompletableFuture} releases its {@code AnyOf} and {@code OrApply} completions: a
 * tracked source drops it from its reaction stack; a foreign source is reached through a
 * JDK {@code anyOf} with a gate of ours, and completing the gate makes the JDK unlink it.
 */
final class FirstOf extends AtomicBoolean implements Reaction {

	private final Reaction reaction;

	private final CompletableFuture<?>[] sources;

	private final @Nullable CompletableFuture<?>[] gates;

	FirstOf(Reaction reaction, CompletableFuture<?>[] sources) {
		this.reaction = reaction;
		this.sources = sources;
		this.gates = new CompletableFuture<?>[sources.length];
	}

	/**
	 * Register on the sources in order, stopping once one has fired the reaction.
	 */
	void listen() {
		for (int i = 0; i < this.sources.length && !get(); i++) {
			CompletableFuture<?> source = this.sources[i];
			if (source instanceof TrackedCompletableFuture<?> tracked) {
				tracked.whenDone(this);
			}
			else {
				CompletableFuture<Object> gate;
				CompletableFuture<Object> first;
				Object internal = AgentPromises.startInternal();
				try {
					gate = new CompletableFuture<>();
					first = CompletableFuture.anyOf(source, gate);
				}
				finally {
					AgentPromises.endInternal(internal);
				}
				this.gates[i] = gate;
				first.whenComplete((value, ex) -> Trampoline.drain(() -> react(Outcomes.outcomeOf(value, ex))));
			}
		}
		if (get()) {
			// fired by another thread while registering: release what came after
			release();
		}
	}

	@Override
	public void react(Object outcome) {
		if (compareAndSet(false, true)) {
			release();
			this.reaction.react(outcome);
		}
	}

	@Override
	public boolean isLive() {
		return !get();
	}

	private void release() {
		for (int i = 0; i < this.sources.length; i++) {
			CompletableFuture<?> gate = this.gates[i];
			if (gate != null) {
				gate.complete(null);
			}
			else if (this.sources[i] instanceof TrackedCompletableFuture<?> tracked && !tracked.isSettled()) {
				ReactionStack.clean(tracked);
			}
		}
	}

}
