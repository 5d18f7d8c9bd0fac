package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlatVarMapTest {

  private final TestKey a = new TestKey("a", 1);
  private final TestKey b = new TestKey("b", 2);
  private final TestValue one = new TestValue("one");
  private final TestValue two = new TestValue("two");

  @AfterEach
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void theEmptyMapHoldsNothing() {
    VarMap empty = FlatVarMap.EMPTY;

    assertThat(empty.size()).isZero();
    assertThat(empty.get(a, a.hash)).isSameAs(VarMap.ABSENT);
    assertThat(entries(empty)).isEmpty();
  }

  @Test
  void putBindsTheKeyAndLeavesTheReceiverUnchanged() {
    VarMap before = FlatVarMap.EMPTY.put(a, a.hash, one);

    VarMap after = before.put(b, b.hash, two);

    assertThat(after.size()).isEqualTo(2);
    assertThat(after.get(a, a.hash)).isSameAs(one);
    assertThat(after.get(b, b.hash)).isSameAs(two);
    assertThat(before.size()).isEqualTo(1);
    assertThat(before.get(b, b.hash)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void putOnABoundKeyReplacesItsValueAndKeepsTheSize() {
    VarMap before = FlatVarMap.EMPTY.put(a, a.hash, one).put(b, b.hash, one);

    VarMap after = before.put(a, a.hash, two);

    assertThat(after.size()).isEqualTo(2);
    assertThat(after.get(a, a.hash)).isSameAs(two);
    assertThat(after.get(b, b.hash)).isSameAs(one);
    assertThat(before.get(a, a.hash)).isSameAs(one);
  }

  @Test
  void putOfTheValueAlreadyBoundReturnsTheSameMap() {
    VarMap map = FlatVarMap.EMPTY.put(a, a.hash, one).put(b, b.hash, null);

    assertThat(map.put(a, a.hash, one)).isSameAs(map);
    assertThat(map.put(b, b.hash, null)).isSameAs(map);
  }

  @Test
  void putOfAnEqualButDistinctValueStoresTheNewInstance() {
    TestValue equalToOne = new TestValue("equal to one");
    VarMap map = FlatVarMap.EMPTY.put(a, a.hash, one);

    VarMap updated = map.put(a, a.hash, equalToOne);

    assertThat(updated).isNotSameAs(map);
    assertThat(updated.get(a, a.hash)).isSameAs(equalToOne);
  }

  @Test
  void keysAreComparedByIdentityNotByEquals() {
    // Same hash, so the same slot: the lookup must compare the key it finds there.
    TestKey lookalike = new TestKey("a again", a.hash);
    VarMap map = FlatVarMap.EMPTY.put(a, a.hash, one);

    assertThat(map.get(lookalike, lookalike.hash)).isSameAs(VarMap.ABSENT);
    assertThat(map.remove(lookalike, lookalike.hash)).isSameAs(map);
    VarMap both = map.put(lookalike, lookalike.hash, two);
    assertThat(both.size()).isEqualTo(2);
    assertThat(both.get(a, a.hash)).isSameAs(one);
    assertThat(both.get(lookalike, lookalike.hash)).isSameAs(two);
  }

  @Test
  void nullIsAValueNotAnAbsence() {
    VarMap map = FlatVarMap.EMPTY.put(a, a.hash, null);

    assertThat(map.size()).isEqualTo(1);
    assertThat(map.get(a, a.hash)).isNull();
    assertThat(map.put(a, a.hash, one).get(a, a.hash)).isSameAs(one);
    assertThat(map.remove(a, a.hash).get(a, a.hash)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void removeDropsTheKeyAndLeavesTheReceiverUnchanged() {
    TestKey c = new TestKey("c", 3);
    VarMap before = FlatVarMap.EMPTY.put(a, a.hash, one).put(b, b.hash, two).put(c, c.hash, null);

    VarMap after = before.remove(b, b.hash);

    assertThat(after.size()).isEqualTo(2);
    assertThat(after.get(a, a.hash)).isSameAs(one);
    assertThat(after.get(b, b.hash)).isSameAs(VarMap.ABSENT);
    assertThat(after.get(c, c.hash)).isNull();
    assertThat(before.size()).isEqualTo(3);
    assertThat(before.get(b, b.hash)).isSameAs(two);
  }

  @Test
  void removeOfAnUnboundKeyReturnsTheSameMap() {
    VarMap map = FlatVarMap.EMPTY.put(a, a.hash, one);

    assertThat(map.remove(b, b.hash)).isSameAs(map);
    assertThat(FlatVarMap.EMPTY.remove(a, a.hash)).isSameAs(FlatVarMap.EMPTY);
  }

  @Test
  void removingTheLastEntryGivesTheEmptyMap() {
    VarMap map = FlatVarMap.EMPTY.put(a, a.hash, one);

    assertThat(map.remove(a, a.hash)).isSameAs(VarMap.empty());
  }

  @Test
  void holdsEightEntriesAndTheNinthTurnsItIntoATrieHoldingAllNine() {
    List<TestKey> keys = keysWithSequenceHashes(FlatVarMap.MAX_SIZE + 1);
    VarMap map = FlatVarMap.EMPTY;
    for (int i = 0; i < FlatVarMap.MAX_SIZE; i++) {
      map = map.put(keys.get(i), keys.get(i).hash, "v" + i);
    }
    assertThat(map).isInstanceOf(FlatVarMap.class);

    TestKey ninth = keys.get(FlatVarMap.MAX_SIZE);
    VarMap grown = map.put(ninth, ninth.hash, "v8");

    assertThat(grown).isInstanceOf(TrieVarMap.class);
    assertThat(grown.size()).isEqualTo(9);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(grown.get(keys.get(i), keys.get(i).hash)).isEqualTo("v" + i);
    }
    TrieShapes.assertWellFormed(grown);
    assertThat(map).isInstanceOf(FlatVarMap.class);
    assertThat(map.size()).isEqualTo(FlatVarMap.MAX_SIZE);
  }

  @Test
  void aFullFlatMapStaysFlatWhenAValueIsReplaced() {
    List<TestKey> keys = keysWithSequenceHashes(FlatVarMap.MAX_SIZE);
    VarMap map = FlatVarMap.EMPTY;
    for (TestKey key : keys) {
      map = map.put(key, key.hash, one);
    }

    VarMap replaced = map.put(keys.get(3), keys.get(3).hash, two);

    assertThat(replaced).isInstanceOf(FlatVarMap.class);
    assertThat(replaced.get(keys.get(3), keys.get(3).hash)).isSameAs(two);
  }

  @Test
  void hashesFollowTheirKeysThroughRemovalsBeforeGrowingIntoATrie() {
    // Distinct hashes that differ in the first fragment: a trie built from mismatched hashes would
    // put keys where lookups do not search.
    List<TestKey> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add(new TestKey("k" + i, i * 0x9E3779B9));
    }
    VarMap map = FlatVarMap.EMPTY;
    for (int i = 0; i < FlatVarMap.MAX_SIZE; i++) {
      map = map.put(keys.get(i), keys.get(i).hash, i);
    }
    map = map.remove(keys.get(0), keys.get(0).hash).remove(keys.get(5), keys.get(5).hash);
    for (int i = FlatVarMap.MAX_SIZE; i < 11; i++) {
      map = map.put(keys.get(i), keys.get(i).hash, i);
    }

    assertThat(map).isInstanceOf(TrieVarMap.class);
    TrieShapes.assertWellFormed(map);
    for (int i = 0; i < 11; i++) {
      Object expected = i == 0 || i == 5 ? VarMap.ABSENT : (Object) i;
      assertThat(map.get(keys.get(i), keys.get(i).hash)).as("key %d", i).isEqualTo(expected);
    }
  }

  @Test
  void aKeyWhoseSlotIsTakenMakesTheMapFindALayoutThatKeepsEveryEntry() {
    // Equal in their low bits, so they share a slot until the map looks at higher bits.
    TestKey low = new TestKey("low", 0x10);
    TestKey high = new TestKey("high", 0x20);
    VarMap first = FlatVarMap.EMPTY.put(low, low.hash, one);

    VarMap both = first.put(high, high.hash, two);

    assertThat(both).isInstanceOf(FlatVarMap.class);
    assertThat(both.size()).isEqualTo(2);
    assertThat(both.get(low, low.hash)).isSameAs(one);
    assertThat(both.get(high, high.hash)).isSameAs(two);
    assertThat(both.remove(low, low.hash).get(high, high.hash)).isSameAs(two);
    assertThat(first.get(high, high.hash)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void keysThatOnlyTheLargestTableTellsApartStayFlat() {
    // Every window of four hash bits, and every table up to 16 slots, puts two of these in one
    // slot; five bits at shift 0, a table of 32, do not.
    List<TestKey> keys = new ArrayList<>();
    VarMap map = FlatVarMap.EMPTY;
    for (int hash : new int[] {0, 1, 2, 3, 16, 17, 18, 19}) {
      TestKey key = new TestKey("h" + hash, hash);
      keys.add(key);
      map = map.put(key, hash, key.name);
    }

    assertThat(map).isInstanceOf(FlatVarMap.class);
    for (TestKey key : keys) {
      assertThat(map.get(key, key.hash)).isEqualTo(key.name);
    }
  }

  @Test
  void keysThatDifferOnlyInTheirTopBitStayFlat() {
    TestKey zero = new TestKey("zero", 0);
    TestKey top = new TestKey("top", 0x80000000);

    VarMap map = FlatVarMap.EMPTY.put(zero, zero.hash, one).put(top, top.hash, two);

    assertThat(map).isInstanceOf(FlatVarMap.class);
    assertThat(map.get(zero, zero.hash)).isSameAs(one);
    assertThat(map.get(top, top.hash)).isSameAs(two);
  }

  @Test
  void everyKeyOfAFullMapIsFoundWhateverItsHashBits() {
    List<TestKey> keys = HashScheme.RANDOM.keys(FlatVarMap.MAX_SIZE, 3);
    VarMap map = FlatVarMap.EMPTY;
    for (TestKey key : keys) {
      map = map.put(key, key.hash, key.name);
    }

    for (TestKey key : keys) {
      assertThat(map.get(key, key.hash)).as("%s", key).isEqualTo(key.name);
    }
    assertThat(map.size()).isEqualTo(FlatVarMap.MAX_SIZE);
  }

  @Test
  void keysWithEqualHashesGoToATrieSinceNoSlotTellsThemApart() {
    TestKey twin = new TestKey("twin of a", a.hash);
    VarMap flat = FlatVarMap.EMPTY.put(a, a.hash, one).put(b, b.hash, two);

    VarMap grown = flat.put(twin, twin.hash, null);

    assertThat(grown).isInstanceOf(TrieVarMap.class);
    assertThat(grown.size()).isEqualTo(3);
    assertThat(grown.get(a, a.hash)).isSameAs(one);
    assertThat(grown.get(b, b.hash)).isSameAs(two);
    assertThat(grown.get(twin, twin.hash)).isNull();
    assertThat(flat).isInstanceOf(FlatVarMap.class);
    assertThat(flat.size()).isEqualTo(2);
  }

  @Test
  void forEachVisitsEveryEntryExactlyOnce() {
    VarMap map = FlatVarMap.EMPTY;
    List<TestKey> keys = keysWithSequenceHashes(FlatVarMap.MAX_SIZE);
    for (TestKey key : keys) {
      map = map.put(key, key.hash, key.name);
    }

    Map<Object, List<Object>> seen = entries(map);

    assertThat(seen).hasSize(keys.size());
    for (TestKey key : keys) {
      assertThat(seen.get(key)).containsExactly(key.name);
    }
  }

  @Test
  void getAllocatesNothing() {
    List<TestKey> keys = keysWithSequenceHashes(FlatVarMap.MAX_SIZE);
    VarMap built = FlatVarMap.EMPTY;
    for (TestKey key : keys) {
      built = built.put(key, key.hash, key.name);
    }
    VarMap map = built;
    // Its slot holds another key: the lookup must compare, and miss.
    TestKey unbound = new TestKey("unbound", keys.get(3).hash);
    Object[] sink = new Object[1];

    long bytes =
        AllocationMeter.bytesAllocatedBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                TestKey key = keys.get(i & 7);
                sink[0] = map.get(key, key.hash);
                sink[0] = map.get(unbound, unbound.hash);
              }
            });

    // Any allocation per call would come to megabytes here.
    assertThat(bytes).isLessThan(10_000);
  }

  /** Keys hashed as {@code ContextVar} hashes them, which a flat table always tells apart. */
  private static List<TestKey> keysWithSequenceHashes(int count) {
    return HashScheme.SEQUENCE.keys(count, 0);
  }

  /** Every visited key (by identity) with the values it was visited with, in visiting order. */
  static Map<Object, List<Object>> entries(VarMap map) {
    Map<Object, List<Object>> seen = new IdentityHashMap<>();
    map.forEach((key, value) -> seen.computeIfAbsent(key, k -> new ArrayList<>()).add(value));
    return seen;
  }
}
