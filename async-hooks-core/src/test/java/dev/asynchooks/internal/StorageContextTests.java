package dev.asynchooks.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StorageContext}.
 */
class StorageContextTests {

	@Test
	void everyKeyFindsItsOwnStoreAmongManyWhateverTheirHashes() {
		List<StorageKey> keys = new ArrayList<>();
		StorageContext context = StorageContext.EMPTY;
		for (int i = 0; i < 300; i++) {
			// every fourth key shares a hash with the one before: collisions must probe
			// on
			StorageKey key = new StorageKey((i % 4 == 3) ? keys.get(i - 1).hash() : StorageContext.newHash());
			keys.add(key);
			context = context.with(key, "store-" + i);
			for (int j = 0; j <= i; j++) {
				assertThat(context.get(keys.get(j))).isEqualTo("store-" + j);
			}
		}
		assertThat(context.get(new StorageKey(keys.get(7).hash()))).isSameAs(StorageContext.ABSENT);
	}

	@Test
	void withReplacesTheStoreOfAKeyAndLeavesTheOriginalUnchanged() {
		StorageKey key = new StorageKey(StorageContext.newHash());
		StorageContext first = StorageContext.EMPTY.with(key, "a");
		StorageContext second = first.with(key, null);
		assertThat(first.get(key)).isEqualTo("a");
		assertThat(second.get(key)).isNull();
		assertThat(StorageContext.EMPTY.get(key)).isSameAs(StorageContext.ABSENT);
	}

	@Test
	void withoutRemovesOnlyThatKeyAndReturnsEmptyWhenNothingIsLeft() {
		StorageKey a = new StorageKey(StorageContext.newHash());
		StorageKey b = new StorageKey(StorageContext.newHash());
		StorageContext both = StorageContext.EMPTY.with(a, "a").with(b, "b");
		StorageContext onlyB = both.without(a);
		assertThat(onlyB.get(a)).isSameAs(StorageContext.ABSENT);
		assertThat(onlyB.get(b)).isEqualTo("b");
		assertThat(onlyB.without(b)).isSameAs(StorageContext.EMPTY);
		assertThat(onlyB.without(a)).isSameAs(onlyB);
	}

	@Test
	void copiesLeaveTheEntriesOfDisabledKeysBehind() {
		StorageKey disabled = new StorageKey(StorageContext.newHash());
		StorageKey live = new StorageKey(StorageContext.newHash());
		StorageContext context = StorageContext.EMPTY.with(disabled, "gone").with(live, "kept");
		disabled.disable();
		StorageContext copy = context.with(new StorageKey(StorageContext.newHash()), "new");
		assertThat(copy.get(disabled)).isSameAs(StorageContext.ABSENT);
		assertThat(copy.get(live)).isEqualTo("kept");
		assertThat(copy.toString()).isEqualTo("StorageContext[2 stores]");
	}

}
