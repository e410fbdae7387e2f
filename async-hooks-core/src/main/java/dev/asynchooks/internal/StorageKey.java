package dev.asynchooks.internal;

/**
 * Identity of one {@code AsyncLocalStorage} between two {@code disable()} calls.
 * Disabling retires the key, which makes every store written under it unreadable at once,
 * in every captured context, without visiting them.
 */
public final class StorageKey {

	private final int hash;

	private volatile boolean disabled;

	public StorageKey(int hash) {
		this.hash = hash;
	}

	public int hash() {
		return this.hash;
	}

	public boolean isDisabled() {
		return this.disabled;
	}

	public void disable() {
		this.disabled = true;
	}

}
