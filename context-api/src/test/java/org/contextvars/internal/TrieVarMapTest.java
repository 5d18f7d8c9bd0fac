package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrieVarMapTest {

  private static final int GOLDEN_GAMMA = 0x9E3779B9;

  @AfterEach
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void findsEveryEntryAndReportsOtherKeysAbsent() {
    List<TestKey> keys = keys(50, i -> i * GOLDEN_GAMMA);
    VarMap map = putAll(TrieVarMap.EMPTY, keys);

    assertThat(map.size()).isEqualTo(50);
    for (TestKey key : keys) {
      assertThat(map.get(key, key.hash)).isEqualTo(key.name);
    }
    TestKey sameHashAsFirst = new TestKey("stranger", keys.get(0).hash);
    TestKey freshHash = new TestKey("fresh", 0x12345);
    assertThat(map.get(sameHashAsFirst, sameHashAsFirst.hash)).isSameAs(VarMap.ABSENT);
    assertThat(map.get(freshHash, freshHash.hash)).isSameAs(VarMap.ABSENT);
    TrieShapes.assertWellFormed(map);
  }

  @Test
  void sizeCountsInsertionsButNotReplacements() {
    List<TestKey> keys = keys(20, i -> i * GOLDEN_GAMMA);
    VarMap map = putAll(TrieVarMap.EMPTY, keys);

    VarMap replaced = map.put(keys.get(7), keys.get(7).hash, "other");

    assertThat(replaced.size()).isEqualTo(20);
    assertThat(replaced.get(keys.get(7), keys.get(7).hash)).isEqualTo("other");
    assertThat(map.get(keys.get(7), keys.get(7).hash)).isEqualTo(keys.get(7).name);
  }

  @Test
  void putOfTheValueAlreadyBoundReturnsTheSameMap() {
    List<TestKey> keys = keys(20, i -> i * GOLDEN_GAMMA);
    VarMap map = putAll(TrieVarMap.EMPTY, keys).put(keys.get(3), keys.get(3).hash, null);

    assertThat(map.put(keys.get(3), keys.get(3).hash, null)).isSameAs(map);
    assertThat(map.put(keys.get(4), keys.get(4).hash, keys.get(4).name)).isSameAs(map);
  }

  @Test
  void putOfAnEqualButDistinctValueStoresTheNewInstance() {
    List<TestKey> keys = keys(20, i -> i * GOLDEN_GAMMA);
    TestValue first = new TestValue("first");
    TestValue equalToFirst = new TestValue("equal to first");
    VarMap map = putAll(TrieVarMap.EMPTY, keys).put(keys.get(0), keys.get(0).hash, first);

    VarMap updated = map.put(keys.get(0), keys.get(0).hash, equalToFirst);

    assertThat(updated).isNotSameAs(map);
    assertThat(updated.get(keys.get(0), keys.get(0).hash)).isSameAs(equalToFirst);
  }

  @Test
  void nullIsAValueNotAnAbsence() {
    List<TestKey> keys = keys(20, i -> i * GOLDEN_GAMMA);
    TestKey key = keys.get(11);
    VarMap map = putAll(TrieVarMap.EMPTY, keys).put(key, key.hash, null);

    assertThat(map.size()).isEqualTo(20);
    assertThat(map.get(key, key.hash)).isNull();
    assertThat(map.remove(key, key.hash).get(key, key.hash)).isSameAs(VarMap.ABSENT);
    assertThat(FlatVarMapTest.entries(map).get(key)).containsExactly((Object) null);
  }

  @Test
  void removeOfAnUnboundKeyReturnsTheSameMap() {
    List<TestKey> keys = keys(20, i -> i & 3);
    VarMap map = putAll(TrieVarMap.EMPTY, keys);

    TestKey sameHash = new TestKey("same hash", keys.get(0).hash);
    TestKey sameFirstFragment = new TestKey("same first fragment", 0x20 | (keys.get(0).hash & 31));
    TestKey emptyFragment = new TestKey("empty fragment", 17);
    assertThat(map.remove(sameHash, sameHash.hash)).isSameAs(map);
    assertThat(map.remove(sameFirstFragment, sameFirstFragment.hash)).isSameAs(map);
    assertThat(map.remove(emptyFragment, emptyFragment.hash)).isSameAs(map);
  }

  @Test
  void removeDropsTheKeyAndLeavesTheReceiverUnchanged() {
    List<TestKey> keys = keys(30, i -> i * GOLDEN_GAMMA);
    VarMap before = putAll(TrieVarMap.EMPTY, keys);

    VarMap after = before.remove(keys.get(9), keys.get(9).hash);

    assertThat(after.size()).isEqualTo(29);
    assertThat(after.get(keys.get(9), keys.get(9).hash)).isSameAs(VarMap.ABSENT);
    assertThat(before.size()).isEqualTo(30);
    assertThat(before.get(keys.get(9), keys.get(9).hash)).isEqualTo(keys.get(9).name);
    TrieShapes.assertWellFormed(after);
    TrieShapes.assertWellFormed(before);
  }

  @Test
  void keysWithEqualHashesShareACollisionNodeBelowTheLastLevel() {
    List<TestKey> keys = keys(12, i -> 0xCAFEBABE);
    VarMap map = putAll(TrieVarMap.EMPTY, keys);

    BitmapNode node = ((TrieVarMap) map).root;
    for (int level = 0; level < 6; level++) {
      assertThat(node.dataMap).as("entries at level %d", level).isZero();
      assertThat(node.childCount()).as("children at level %d", level).isEqualTo(1);
      node = (BitmapNode) node.content[0];
    }
    assertThat(node.content[0]).isInstanceOf(CollisionNode.class);
    assertThat(((CollisionNode) node.content[0]).size()).isEqualTo(12);
    for (TestKey key : keys) {
      assertThat(map.get(key, key.hash)).isEqualTo(key.name);
    }
  }

  @Test
  void removalsLeaveTheShapeThatBuildingTheRestDirectlyGives() {
    // Keys that collide fully, share long prefixes, or differ only in the top two bits.
    List<TestKey> keys = new ArrayList<>();
    int[] hashes = {
      0x0, 0x0, 0x0, 0x40000000, 0x80000000, 0xC0000000, 0x1F, 0x3F, 0x3FF, 0x7FF, 0x7FF, 0x12345678,
      0x92345678, 0x12345678, 0xFFFFFFFF, 0x7FFFFFFF
    };
    for (int i = 0; i < hashes.length; i++) {
      keys.add(new TestKey("k" + i, hashes[i]));
    }
    VarMap all = putAll(TrieVarMap.EMPTY, keys);
    int[] removeOrder = {13, 0, 10, 4, 2, 15, 7};
    VarMap shrunk = all;
    List<TestKey> remaining = new ArrayList<>(keys);
    for (int index : removeOrder) {
      TestKey key = keys.get(index);
      shrunk = shrunk.remove(key, key.hash);
      remaining.removeIf(k -> k == key);

      VarMap direct = putAll(TrieVarMap.EMPTY, reversed(remaining));
      TrieShapes.assertWellFormed(shrunk);
      TrieShapes.assertSameShape(((TrieVarMap) shrunk).root, ((TrieVarMap) direct).root);
    }
  }

  @Test
  void staysATrieDownToFiveEntriesAndTurnsFlatAtFour() {
    List<TestKey> keys = keys(FlatVarMap.MAX_SIZE + 1, i -> i * GOLDEN_GAMMA);
    VarMap map = putAll(VarMap.empty(), keys);
    assertThat(map).isInstanceOf(TrieVarMap.class);

    for (int i = 0; i < FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT; i++) {
      map = map.remove(keys.get(i), keys.get(i).hash);
      assertThat(map).as("after %d removals", i + 1).isInstanceOf(TrieVarMap.class);
    }
    assertThat(map.size()).isEqualTo(TrieVarMap.FLATTEN_AT + 1);

    TestKey last = keys.get(FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT);
    VarMap flat = map.remove(last, last.hash);

    assertThat(flat).isInstanceOf(FlatVarMap.class);
    assertThat(flat.size()).isEqualTo(TrieVarMap.FLATTEN_AT);
    for (TestKey key : keys.subList(FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT + 1, keys.size())) {
      assertThat(flat.get(key, key.hash)).isEqualTo(key.name);
    }
    assertThat(flat.get(last, last.hash)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void aMapThatTurnedFlatGrowsIntoATrieOnlyAtItsNinthEntryAgain() {
    List<TestKey> keys = keys(FlatVarMap.MAX_SIZE + 1, i -> i * GOLDEN_GAMMA);
    VarMap map = putAll(VarMap.empty(), keys);
    for (int i = 0; i <= FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT; i++) {
      map = map.remove(keys.get(i), keys.get(i).hash);
    }
    assertThat(map).isInstanceOf(FlatVarMap.class);

    for (int i = 0; i < FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT; i++) {
      map = map.put(keys.get(i), keys.get(i).hash, keys.get(i).name);
      assertThat(map).as("size %d", map.size()).isInstanceOf(FlatVarMap.class);
    }
    TestKey ninth = keys.get(FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT);
    map = map.put(ninth, ninth.hash, ninth.name);

    assertThat(map).isInstanceOf(TrieVarMap.class);
    for (TestKey key : keys) {
      assertThat(map.get(key, key.hash)).isEqualTo(key.name);
    }
  }

  @Test
  void collidingKeysStayInATrieWhenRemovalsLeaveFewOfThem() {
    List<TestKey> keys = keys(FlatVarMap.MAX_SIZE + 1, i -> 42);
    VarMap map = putAll(VarMap.empty(), keys);

    for (int i = 0; i <= FlatVarMap.MAX_SIZE - TrieVarMap.FLATTEN_AT; i++) {
      map = map.remove(keys.get(i), keys.get(i).hash);
    }
    assertThat(map).isInstanceOf(TrieVarMap.class);
    assertThat(map.size()).isEqualTo(TrieVarMap.FLATTEN_AT);
    map = map.put(keys.get(0), keys.get(0).hash, "back");

    assertThat(map).isInstanceOf(TrieVarMap.class);
    assertThat(map.size()).isEqualTo(TrieVarMap.FLATTEN_AT + 1);
    assertThat(map.get(keys.get(0), 42)).isEqualTo("back");
    assertThat(map.get(keys.get(8), 42)).isEqualTo(keys.get(8).name);
    assertThat(map.get(keys.get(1), 42)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void aTrieOfOneKeyLeftAfterCollidingKeysGoTurnsFlat() {
    TestKey first = new TestKey("first", 42);
    TestKey second = new TestKey("second", 42);
    VarMap both = VarMap.empty().put(first, 42, "1").put(second, 42, "2");
    assertThat(both).isInstanceOf(TrieVarMap.class);

    VarMap one = both.remove(first, 42);

    assertThat(one).isInstanceOf(FlatVarMap.class);
    assertThat(one.get(second, 42)).isEqualTo("2");
    assertThat(one.get(first, 42)).isSameAs(VarMap.ABSENT);
  }

  @Test
  void aSmallTrieEmptiedByRemovalsBecomesTheEmptyMap() {
    TestKey only = new TestKey("only", 3);
    VarMap map = TrieVarMap.EMPTY.put(only, only.hash, "x");

    assertThat(map.remove(only, only.hash)).isSameAs(VarMap.empty());
  }

  @Test
  void forEachVisitsEveryEntryExactlyOnce() {
    List<TestKey> keys = new ArrayList<>(keys(200, i -> i * GOLDEN_GAMMA));
    keys.addAll(keys(10, i -> 0xABCDEF));
    VarMap map = putAll(TrieVarMap.EMPTY, keys);

    Map<Object, List<Object>> seen = FlatVarMapTest.entries(map);

    assertThat(seen).hasSize(keys.size());
    for (TestKey key : keys) {
      assertThat(seen.get(key)).as("visits of %s", key).containsExactly(key.name);
    }
  }

  @Test
  void getAllocatesNothing() {
    List<TestKey> keys = new ArrayList<>(keys(1000, i -> i * GOLDEN_GAMMA));
    keys.addAll(keys(24, i -> 0x5555));
    VarMap map = putAll(TrieVarMap.EMPTY, keys);
    TestKey unbound = new TestKey("unbound", 0x5555);
    Object[] sink = new Object[1];

    long bytes =
        AllocationMeter.bytesAllocatedBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                TestKey key = keys.get(i % keys.size());
                sink[0] = map.get(key, key.hash);
                sink[0] = map.get(unbound, unbound.hash);
              }
            });

    // Any allocation per call would come to megabytes here.
    assertThat(bytes).isLessThan(10_000);
  }

  interface HashOf {
    int hash(int index);
  }

  static List<TestKey> keys(int count, HashOf hashOf) {
    List<TestKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(new TestKey("k" + i, hashOf.hash(i)));
    }
    return keys;
  }

  /** {@code map} plus each key bound to its name. */
  static VarMap putAll(VarMap map, List<TestKey> keys) {
    for (TestKey key : keys) {
      map = map.put(key, key.hash, key.name);
    }
    return map;
  }

  private static List<TestKey> reversed(List<TestKey> keys) {
    List<TestKey> copy = new ArrayList<>();
    for (int i = keys.size() - 1; i >= 0; i--) {
      copy.add(keys.get(i));
    }
    return copy;
  }
}
