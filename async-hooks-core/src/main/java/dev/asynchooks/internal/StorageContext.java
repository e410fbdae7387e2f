package dev.asynchooks.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Immutable map from {@code AsyncLocalStorage} keys to stores: the whole storage context
 * of one point in execution. Captured by reference when a resource is created, so capture
 * costs nothing; changed only by copy on {@code run}/{@code enterWith}.
 * <p>
 * The map is a small open-addressing table (key at {@code 2i}, store at {@code 2i + 1}),
 * at most half full, so a lookup is one probe whatever the number of storages, as in
 * {@link ThreadLocal}'s map. The table's last slot points back to its context, so that
 * {@link ThreadState} keeps only the table of its current context: {@code getStore()}
 * reads it without another hop, and a context switch is one reference store.
 */
public final class StorageContext {

	/** Returned by {@link #get} when the key has no store. */
	public static final Object ABSENT = new Object();

	public static final StorageContext EMPTY = new StorageContext(new Object[3], 0);

	// the multiplicative hash of ThreadLocal: consecutive keys spread over a power-of-two
	// table
	private static final int HASH_INCREMENT = 0x61c88647;

	private static final AtomicInteger nextHash = new AtomicInteger();

	private final @Nullable Object[] table;

	private final int size;

	// table: 2 * capacity slots of entries, then this context
	private StorageContext(@Nullable Object[] table, int size) {
		this.table = table;
		this.size = size;
		table[table.length - 1] = this;
	}

	/**
	 * The context whose table this is.
	 * @param table a context's table
	 * @return the context
	 */
	static StorageContext of(@Nullable Object[] table) {
		return (StorageContext) table[table.length - 1];
	}

	/**
	 * A hash for a new storage; keys that replace a disabled one may reuse it.
	 * @return the hash
	 */
	public static int newHash() {
		return nextHash.getAndAdd(HASH_INCREMENT);
	}

	@Nullable Object[] table() {
		return this.table;
	}

	/**
	 * The probe mask of a context's table.
	 * @param table the table of a context
	 * @return the mask
	 */
	static int mask(@Nullable Object[] table) {
		return (table.length >> 1) - 1;
	}

	/**
	 * The store of {@code key} in a context's table.
	 * @param table the table of a context
	 * @param mask the table's {@link #mask}
	 * @param key the key
	 * @param hash the key's hash, passed so that it is not read through the key
	 * @return the store, or {@link #ABSENT}
	 */
	static @Nullable Object get(@Nullable Object[] table, int mask, StorageKey key, int hash) {
		int index = hash & mask;
		for (;;) {
			Object candidate = table[index << 1];
			if (candidate == key) {
				return table[(index << 1) + 1];
			}
			if (candidate == null) {
				return ABSENT;
			}
			index = (index + 1) & mask;
		}
	}

	public @Nullable Object get(StorageKey key) {
		return get(this.table, mask(this.table), key, key.hash());
	}

	public StorageContext with(StorageKey key, @Nullable Object value) {
		StorageContext copy = copyWithout(key, 1);
		copy.put(key, value);
		return new StorageContext(copy.table, copy.size + 1);
	}

	public StorageContext without(StorageKey key) {
		if (get(key) == ABSENT) {
			return this;
		}
		StorageContext copy = copyWithout(key, 0);
		return (copy.size != 0) ? copy : EMPTY;
	}

	public boolean isEmpty() {
		return this.size == 0;
	}

	// a new table holding the live entries other than key's, with room for extra more
	private StorageContext copyWithout(StorageKey key, int extra) {
		int live = 0;
		for (int i = 0; i < this.table.length - 1; i += 2) {
			Object candidate = this.table[i];
			if (candidate != null && candidate != key && !((StorageKey) candidate).isDisabled()) {
				live++;
			}
		}
		int capacity = Integer.highestOneBit(Math.max(1, (live + extra) * 2 - 1)) << 1;
		StorageContext copy = new StorageContext(new Object[capacity * 2 + 1], live);
		for (int i = 0; i < this.table.length - 1; i += 2) {
			Object candidate = this.table[i];
			if (candidate != null && candidate != key && !((StorageKey) candidate).isDisabled()) {
				copy.put((StorageKey) candidate, this.table[i + 1]);
			}
		}
		return copy;
	}

	// only while building a copy, before it is published
	private void put(StorageKey key, @Nullable Object value) {
		int mask = (this.table.length >> 1) - 1;
		int index = key.hash() & mask;
		while (this.table[index << 1] != null) {
			index = (index + 1) & mask;
		}
		this.table[index << 1] = key;
		this.table[(index << 1) + 1] = value;
	}

	@Override
	public String toString() {
		return "StorageContext[" + this.size + " stores]";
	}

}
