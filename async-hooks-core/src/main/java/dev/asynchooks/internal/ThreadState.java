package dev.asynchooks.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Everything the engine keeps per thread: the stack of execution frames, the current
 * storage context, the depth of hook callbacks running on this thread, and a block of
 * async ids. Only its own thread touches it, so nothing here is volatile.
 */
public final class ThreadState {

	/** The id of the bootstrap context, current on a thread with no frame. */
	public static final long ROOT_ID = 1;

	/** What {@code executionAsyncResource()} returns on a thread with no frame. */
	public static final Object ROOT_RESOURCE = new Object() {

		@Override
		public String toString() {
			return "{}";
		}

	};

	private static final int ID_BLOCK = 64;

	private static final AtomicLong idCounter = new AtomicLong(ROOT_ID + 1);

	private static final ThreadLocal<ThreadState> current = ThreadLocal.withInitial(ThreadState::new);

	private long[] asyncIds = new long[8];

	private long[] triggerIds = new long[8];

	private @Nullable Object[] resources = new Object[8];

	private boolean[] hidden = new boolean[8];

	// the tables of the contexts current before each frame (see StorageContext)
	private @Nullable Object[][] savedContexts = new Object[8][];

	// the thread-local values each frame replaced (see ThreadLocalPropagation), arrays
	// kept for the next frame at the same depth, cleared when restored
	private @Nullable Object[][] savedThreadLocals = new Object[8][];

	private int depth;

	// the table of the current context, which points back to it: one field, so that a
	// context switch is one reference store
	private @Nullable Object[] contextTable = StorageContext.EMPTY.table();

	// the table's probe mask, kept beside it so that getStore() computes the slot to read
	// without first loading the table's length: one dependent load less
	private int contextMask = StorageContext.mask(StorageContext.EMPTY.table());

	// the last two keys read with store() in the current context, and their stores (or
	// ABSENT): code reads the same storages again and again (a request id, a user), and a
	// hit is two loads from this object instead of a probe of the table behind it; a miss
	// replaces the entry not used last. Cleared whenever the context changes, so they
	// never keep a store the context does not
	private @Nullable StorageKey readKey;

	private @Nullable Object readStore;

	private @Nullable StorageKey otherReadKey;

	private @Nullable Object otherReadStore;

	private int hookDepth;

	// destroys raised inside hook callbacks, delivered when the outermost one returns
	private long[] deferredDestroys = new long[0];

	private int deferredHead;

	private int deferredTail;

	private long nextId;

	private long idLimit;

	// what identifies the creation site of the next resource created on this thread (the
	// class of the user's function), set by an integration just before it creates the
	// resource and cleared by the resource's constructor
	private @Nullable Object siteKey;

	private ThreadState() {
	}

	public static ThreadState current() {
		return current.get();
	}

	/**
	 * A fresh async id: unique in the JVM, never reused, increasing on each thread. Ids
	 * are taken from the shared counter in blocks, so threads do not contend for each id.
	 * @return the id
	 */
	public long newAsyncId() {
		if (this.nextId == this.idLimit) {
			this.nextId = idCounter.getAndAdd(ID_BLOCK);
			this.idLimit = this.nextId + ID_BLOCK;
		}
		return this.nextId++;
	}

	/**
	 * Name what identifies the creation site of the next resource created on this thread:
	 * the user's function that the resource runs. The resource's constructor clears it;
	 * integrations go through {@link EngineAccess#nextSiteKey(Object)}, which skips even
	 * the thread-local lookup while no hook is enabled.
	 * @param key the function, or {@code null}
	 */
	public void nextSiteKey(@Nullable Object key) {
		this.siteKey = key;
	}

	/**
	 * What identifies the creation site of the resource being created on this thread.
	 * @return the key named with {@link #nextSiteKey(Object)}, or {@code null}
	 */
	public @Nullable Object siteKey() {
		return this.siteKey;
	}

	public void clearSiteKey() {
		this.siteKey = null;
	}

	public long executionAsyncId() {
		int depth = this.depth;
		return (depth != 0) ? this.asyncIds[depth - 1] : ROOT_ID;
	}

	public long triggerAsyncId() {
		int depth = this.depth;
		return (depth != 0) ? this.triggerIds[depth - 1] : 0;
	}

	public Object executionAsyncResource() {
		int depth = this.depth;
		Object resource = (depth != 0) ? this.resources[depth - 1] : null;
		return (resource != null) ? resource : ROOT_RESOURCE;
	}

	public int depth() {
		return this.depth;
	}

	/**
	 * Whether a resource created now must be hidden from hooks: it is created from inside
	 * a hook callback, or from work that was itself created there (SPEC rule 7).
	 * @return whether resources created now are hidden
	 */
	public boolean isHidden() {
		return this.hookDepth != 0 || (this.depth != 0 && this.hidden[this.depth - 1]);
	}

	public boolean inHookCallback() {
		return this.hookDepth != 0;
	}

	public void enterHookCallback() {
		this.hookDepth++;
	}

	public void exitHookCallback() {
		this.hookDepth--;
	}

	public void deferDestroy(long asyncId) {
		if (this.deferredTail == this.deferredDestroys.length) {
			int pending = this.deferredTail - this.deferredHead;
			long[] destroys = (pending * 2 < this.deferredDestroys.length) ? this.deferredDestroys
					: new long[Math.max(4, this.deferredDestroys.length * 2)];
			System.arraycopy(this.deferredDestroys, this.deferredHead, destroys, 0, pending);
			this.deferredDestroys = destroys;
			this.deferredHead = 0;
			this.deferredTail = pending;
		}
		this.deferredDestroys[this.deferredTail++] = asyncId;
	}

	public boolean hasDeferredDestroys() {
		return this.deferredHead != this.deferredTail;
	}

	/**
	 * Take the oldest deferred destroy.
	 * @return its async id, or {@code 0} when there is none
	 */
	public long pollDeferredDestroy() {
		if (this.deferredHead == this.deferredTail) {
			this.deferredHead = 0;
			this.deferredTail = 0;
			return 0;
		}
		return this.deferredDestroys[this.deferredHead++];
	}

	public StorageContext context() {
		return StorageContext.of(this.contextTable);
	}

	public void setContext(StorageContext context) {
		setContextTable(context.table());
	}

	private void setContextTable(@Nullable Object[] table) {
		// a reference stored into this long-lived object can cost a memory fence (G1's
		// post-write barrier), and entering a resource mostly leaves the context as it is
		if (table != this.contextTable) {
			this.contextTable = table;
			this.contextMask = StorageContext.mask(table);
			if (this.readKey != null) {
				this.readKey = null;
				this.readStore = null;
				this.otherReadKey = null;
				this.otherReadStore = null;
			}
		}
	}

	/**
	 * The store of a key in the current context.
	 * @param key the key
	 * @param hash the key's hash
	 * @return the store, or {@link StorageContext#ABSENT}
	 */
	public @Nullable Object store(StorageKey key, int hash) {
		if (key == this.readKey) {
			return this.readStore;
		}
		if (key == this.otherReadKey) {
			return this.otherReadStore;
		}
		return read(key, hash);
	}

	// the first entry is the one read last, so a key read again and again is one compare
	private @Nullable Object read(StorageKey key, int hash) {
		Object store = StorageContext.get(this.contextTable, this.contextMask, key, hash);
		if (this.readKey != null) {
			this.otherReadKey = this.readKey;
			this.otherReadStore = this.readStore;
		}
		this.readKey = key;
		this.readStore = store;
		return store;
	}

	/**
	 * Push a frame and switch to the storage context of the resource, with no
	 * thread-local values to carry.
	 * @param asyncId the id of the resource entered
	 * @param triggerAsyncId its trigger
	 * @param resource the object that {@code executionAsyncResource()} returns inside
	 * @param hidden whether the resource is hidden from hooks
	 * @param context the storage context captured when the resource was created
	 * @return the depth to hand back to {@link #exit(int)}
	 */
	public int enter(long asyncId, long triggerAsyncId, Object resource, boolean hidden, StorageContext context) {
		return enter(asyncId, triggerAsyncId, resource, hidden, context, null);
	}

	/**
	 * Push a frame and switch to the storage context of the resource.
	 * @param asyncId the id of the resource entered
	 * @param triggerAsyncId its trigger
	 * @param resource the object that {@code executionAsyncResource()} returns inside
	 * @param hidden whether the resource is hidden from hooks
	 * @param context the storage context captured when the resource was created
	 * @param threadLocals the thread-local values captured when the resource was created
	 * ({@link ThreadLocalPropagation#capture()}), made current once the frame is pushed
	 * @return the depth to hand back to {@link #exit(int)}
	 */
	public int enter(long asyncId, long triggerAsyncId, Object resource, boolean hidden, StorageContext context,
			@Nullable Object @Nullable [] threadLocals) {
		int depth = this.depth;
		if (depth == this.asyncIds.length) {
			grow();
		}
		this.asyncIds[depth] = asyncId;
		this.triggerIds[depth] = triggerAsyncId;
		this.resources[depth] = resource;
		this.hidden[depth] = hidden;
		Object[] current = this.contextTable;
		if (this.savedContexts[depth] != current) {
			// a pooled thread saves the same context at the same depth task after task
			this.savedContexts[depth] = current;
		}
		setContext(context);
		this.depth = depth + 1;
		if (threadLocals != null) {
			this.savedThreadLocals[depth] = ThreadLocalPropagation.enter(threadLocals, this.savedThreadLocals[depth]);
		}
		return depth;
	}

	/**
	 * Pop back to the depth returned by {@link #enter}, restoring the storage context
	 * that was current before it. Frames left above it by code that did not unwind are
	 * dropped too, so a pooled thread never keeps a frame after its task. Thread-local
	 * values the frames made current are restored first, innermost first.
	 * @param depth the value returned by the matching {@code enter}
	 */
	public void exit(int depth) {
		for (int i = this.depth - 1; i >= depth; i--) {
			Object[] threadLocals = this.savedThreadLocals[i];
			if (threadLocals != null && threadLocals[0] != null) {
				ThreadLocalPropagation.restore(threadLocals);
			}
		}
		Object[] saved = this.savedContexts[depth];
		setContextTable(saved);
		if (saved != StorageContext.EMPTY.table()) {
			// only the empty context stays saved for the next enter at this depth (the
			// common case on a pooled thread): a context with stores would keep them
			// reachable after this thread has left them
			this.savedContexts[depth] = null;
		}
		this.resources[depth] = null;
		// frames above it that did not unwind are dropped too
		for (int i = this.depth - 1; i > depth; i--) {
			this.resources[i] = null;
			this.savedContexts[i] = null;
		}
		this.depth = depth;
	}

	private void grow() {
		int length = this.asyncIds.length * 2;
		this.asyncIds = Arrays.copyOf(this.asyncIds, length);
		this.triggerIds = Arrays.copyOf(this.triggerIds, length);
		this.resources = Arrays.copyOf(this.resources, length);
		this.hidden = Arrays.copyOf(this.hidden, length);
		this.savedContexts = Arrays.copyOf(this.savedContexts, length);
		this.savedThreadLocals = Arrays.copyOf(this.savedThreadLocals, length);
	}

}
