package dev.asynchooks.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Immutable map from {@code AsyncLocalStorage} keys to stores: the whole storage context
 * of one point in execution. Captured by reference when a resource is created, so capture
 * costs nothing; changed only by copy on {@code run}/{@code enterWith}.
 */
public final class StorageContext {

	/** Returned by {@link #get(StorageKey)} when the key has no store. */
	public static final Object ABSENT = new Object();

	public static final StorageContext EMPTY = new StorageContext(new Object[0]);

	// key0, value0, key1, value1, ...: a handful of entries at most, so a scan beats
	// hashing
	private final @Nullable Object[] entries;

	private StorageContext(@Nullable Object[] entries) {
		this.entries = entries;
	}

	public @Nullable Object get(StorageKey key) {
		@Nullable Object[] entries = this.entries;
		for (int i = 0; i < entries.length; i += 2) {
			if (entries[i] == key) {
				return entries[i + 1];
			}
		}
		return ABSENT;
	}

	public StorageContext with(StorageKey key, @Nullable Object value) {
		@Nullable Object[] entries = this.entries;
		int index = indexOf(key);
		if (index >= 0) {
			@Nullable Object[] copy = entries.clone();
			copy[index + 1] = value;
			return new StorageContext(copy);
		}
		int live = liveLength();
		@Nullable Object[] copy = new Object[live + 2];
		copyLive(copy);
		copy[live] = key;
		copy[live + 1] = value;
		return new StorageContext(copy);
	}

	public StorageContext without(StorageKey key) {
		if (indexOf(key) < 0) {
			return this;
		}
		@Nullable Object[] copy = new Object[this.entries.length];
		int length = 0;
		for (int i = 0; i < this.entries.length; i += 2) {
			StorageKey k = (StorageKey) this.entries[i];
			if (k != key && !k.isDisabled()) {
				copy[length++] = k;
				copy[length++] = this.entries[i + 1];
			}
		}
		return (length != 0) ? new StorageContext(Arrays.copyOf(copy, length)) : EMPTY;
	}

	public boolean isEmpty() {
		return this.entries.length == 0;
	}

	private int indexOf(StorageKey key) {
		for (int i = 0; i < this.entries.length; i += 2) {
			if (this.entries[i] == key) {
				return i;
			}
		}
		return -1;
	}

	// Entries of disabled storages can never be read again, so copies leave them behind.
	private int liveLength() {
		int length = 0;
		for (int i = 0; i < this.entries.length; i += 2) {
			if (!((StorageKey) this.entries[i]).isDisabled()) {
				length += 2;
			}
		}
		return length;
	}

	private void copyLive(@Nullable Object[] target) {
		int length = 0;
		for (int i = 0; i < this.entries.length; i += 2) {
			if (!((StorageKey) this.entries[i]).isDisabled()) {
				target[length++] = this.entries[i];
				target[length++] = this.entries[i + 1];
			}
		}
	}

	@Override
	public String toString() {
		return "StorageContext[" + (this.entries.length / 2) + " stores]";
	}

}
