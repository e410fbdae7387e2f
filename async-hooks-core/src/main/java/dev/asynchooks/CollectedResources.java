package dev.asynchooks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

import dev.asynchooks.internal.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * Destroy on garbage collection: a resource that nobody destroys gets its {@code destroy}
 * on one daemon thread, {@code asynchooks-cleaner}, once the garbage collector has found
 * it unreachable.
 * <p>
 * What {@link java.lang.ref.Cleaner} does, for less per resource, because promises are
 * registered by the million: one object per registration (the phantom reference itself
 * carries the async id, where a {@code Cleaner} adds an action object) and registrations
 * spread over striped lists by async id, where a {@code Cleaner} has one list behind one
 * lock for every thread, which the registering threads and the cleaner thread fight over;
 * the cleaner thread takes what the collector has found in batches and unlinks a batch
 * under one lock per stripe (a spin lock: see {@link Stripe}). A registration must stay
 * strongly reachable until it is processed, so one whose resource is collected survives
 * at least one young collection; keeping it small keeps that copy cheap. A registration
 * ended by hand ({@link Registration#destroyNow}) is unlinked and cleared at once, so it
 * is garbage like any other object: a promise, registered while a destroy hook is
 * enabled, leaves its registration when it settles, and only promises that never settle
 * cost the collector anything.
 */
final class CollectedResources {

	private static final int BATCH = 256;

	private static final ReferenceQueue<Object> queue = new ReferenceQueue<>();

	private static final Stripe[] stripes = newStripes();

	static {
		Thread thread = new Thread(CollectedResources::processCollected, "asynchooks-cleaner");
		thread.setDaemon(true);
		thread.start();
	}

	private CollectedResources() {
	}

	private static Stripe[] newStripes() {
		int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
		Stripe[] stripes = new Stripe[Math.min(count, 256)];
		for (int i = 0; i < stripes.length; i++) {
			stripes[i] = new Stripe();
		}
		return stripes;
	}

	/**
	 * Deliver {@code destroy(asyncId)} when {@code referent} is garbage-collected, unless
	 * {@link Registration#destroyNow} comes first.
	 * @param referent the object whose collection ends the resource; the registration
	 * does not keep it reachable
	 * @param asyncId the resource's id
	 * @return the registration
	 */
	static Registration register(Object referent, long asyncId) {
		// by id, not by thread: the cleaner thread unlinks registrations made by every
		// thread, and a stripe per thread would put it on the busiest thread's lock
		Stripe stripe = stripes[(int) asyncId & (stripes.length - 1)];
		Registration registration = new Registration(referent, asyncId, stripe);
		stripe.add(registration);
		return registration;
	}

	private static void processCollected() {
		Registration[] batch = new Registration[BATCH];
		boolean[] unlinked = new boolean[BATCH];
		for (;;) {
			try {
				batch[0] = (Registration) queue.remove();
				int size = 1;
				Registration next;
				while (size < BATCH && (next = (Registration) queue.poll()) != null) {
					batch[size++] = next;
				}
				destroyCollected(batch, size, unlinked);
			}
			catch (InterruptedException ex) {
				// a daemon that lives as long as the JVM: nothing asks it to stop
			}
		}
	}

	// unlink a batch stripe by stripe, one lock each, then deliver the destroys
	private static void destroyCollected(Registration[] batch, int size, boolean[] unlinked) {
		for (int i = 0; i < size; i++) {
			if (unlinked[i] || batch[i] == null) {
				continue;
			}
			Stripe stripe = batch[i].stripe;
			stripe.lock();
			try {
				for (int j = i; j < size; j++) {
					Registration other = batch[j];
					if (other != null && !unlinked[j] && other.stripe == stripe) {
						if (stripe.unlink(other)) {
							unlinked[j] = true;
						}
						else {
							batch[j] = null; // destroyed by hand meanwhile
						}
					}
				}
			}
			finally {
				stripe.unlock();
			}
		}
		ThreadState state = ThreadState.current();
		for (int i = 0; i < size; i++) {
			Registration registration = batch[i];
			batch[i] = null;
			if (unlinked[i]) {
				unlinked[i] = false;
				try {
					HookRegistry.emitDestroy(state, registration.asyncId);
				}
				catch (Throwable ex) {
					// hooks handle their own errors (HookErrorPolicy); never let this
					// thread die, nor lose the rest of the batch
				}
			}
		}
	}

	/** A resource waiting for its collection or its destroy by hand. */
	static final class Registration extends PhantomReference<Object> {

		final long asyncId;

		final Stripe stripe;

		// the stripe's doubly linked list, guarded by the stripe's lock; next == this
		// once removed
		@Nullable Registration previous;

		@Nullable Registration next;

		Registration(@Nullable Object referent, long asyncId, Stripe stripe) {
			super(referent, queue);
			this.asyncId = asyncId;
			this.stripe = stripe;
		}

		/**
		 * Deliver the {@code destroy} now, on the calling thread, if the cleaner thread
		 * has not delivered it already.
		 * @param state the calling thread's state
		 */
		void destroyNow(ThreadState state) {
			// no clear(): it is a native call on JDK 17 to 22, and not needed: unlinked,
			// the registration is reachable only through its resource, so it is never
			// found by the collector once the resource is unreachable (and a late
			// enqueue finds it unlinked and delivers nothing)
			if (this.stripe.remove(this)) {
				HookRegistry.emitDestroy(state, this.asyncId);
			}
		}

	}

	/**
	 * One list of registrations behind one lock: a spin lock rather than a monitor, since
	 * it is held for a few stores (the cleaner thread: one batch of unlinks), and taking
	 * and releasing it is then one compare-and-set and one release store, where a monitor
	 * costs a compare-and-set on each side.
	 */
	static final class Stripe {

		private static final VarHandle LOCKED;

		static {
			try {
				LOCKED = MethodHandles.lookup().findVarHandle(Stripe.class, "locked", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private static final int SPINS = 100;

		private final Registration head = new Registration(null, 0, this);

		@SuppressWarnings("unused") // through LOCKED
		private volatile int locked;

		void lock() {
			if (!LOCKED.compareAndSet(this, 0, 1)) {
				lockContended();
			}
		}

		private void lockContended() {
			int spins = 0;
			while ((int) LOCKED.getVolatile(this) != 0 || !LOCKED.compareAndSet(this, 0, 1)) {
				if (++spins < SPINS) {
					Thread.onSpinWait();
				}
				else {
					// its holder may have lost its core: let it run
					Thread.yield();
				}
			}
		}

		void unlock() {
			LOCKED.setRelease(this, 0);
		}

		void add(Registration registration) {
			lock();
			try {
				Registration first = this.head.next;
				registration.previous = this.head;
				registration.next = first;
				if (first != null) {
					first.previous = registration;
				}
				this.head.next = registration;
			}
			finally {
				unlock();
			}
		}

		/**
		 * Unlink a registration.
		 * @param registration the registration
		 * @return {@code true} for the one caller that removed it
		 */
		boolean remove(Registration registration) {
			lock();
			try {
				return unlink(registration);
			}
			finally {
				unlock();
			}
		}

		// with the stripe's lock held
		boolean unlink(Registration registration) {
			Registration next = registration.next;
			if (next == registration) {
				return false;
			}
			Registration previous = registration.previous;
			if (previous != null) {
				previous.next = next;
			}
			if (next != null) {
				next.previous = previous;
			}
			registration.previous = registration;
			registration.next = registration;
			return true;
		}

	}

}
