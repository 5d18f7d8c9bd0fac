package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link VarMap} driven in step with an {@link IdentityHashMap} model, checking after every
 * update that the two agree, and keeping snapshots (old map references with a frozen copy of the
 * model) to prove that later updates never change an old map.
 */
final class ModelledVarMap {

  private VarMap map = VarMap.empty();
  private final Map<TestKey, Object> model = new IdentityHashMap<>();
  private final List<VarMap> snapshots = new ArrayList<>();
  private final List<Map<TestKey, Object>> snapshotModels = new ArrayList<>();
  private int largestSize;
  private int turnsToTrie;
  private int turnsToFlat;

  VarMap current() {
    return map;
  }

  int largestSize() {
    return largestSize;
  }

  /** How often an update turned a flat map into a trie. */
  int turnsToTrie() {
    return turnsToTrie;
  }

  /** How often an update turned a trie into a flat map. */
  int turnsToFlat() {
    return turnsToFlat;
  }

  boolean isBound(TestKey key) {
    return model.containsKey(key);
  }

  int size() {
    return model.size();
  }

  void put(TestKey key, Object value) {
    VarMap before = map;
    boolean unchanged = model.containsKey(key) && model.get(key) == value;
    model.put(key, value);
    map = before.put(key, key.hash, value);
    if (unchanged != (map == before)) {
      fail("put %s returned %s map", key, unchanged ? "a new" : "the same");
    }
    expectSame(map.get(key, key.hash), value, "value of %s after put", key);
    checkSizeAndRepresentation(before);
  }

  /** Puts the value bound to {@code key} again, or {@code fallback} when it is not bound. */
  void putSameValue(TestKey key, Object fallback) {
    put(key, model.containsKey(key) ? model.get(key) : fallback);
  }

  void remove(TestKey key) {
    VarMap before = map;
    boolean bound = model.containsKey(key);
    model.remove(key);
    map = before.remove(key, key.hash);
    if (bound == (map == before)) {
      fail("remove of %s %s returned %s map", bound ? "bound" : "unbound", key,
          bound ? "the same" : "a new");
    }
    expectSame(map.get(key, key.hash), VarMap.ABSENT, "%s after remove", key);
    checkSizeAndRepresentation(before);
  }

  void checkGet(TestKey key) {
    Object expected = model.containsKey(key) ? model.get(key) : VarMap.ABSENT;
    expectSame(map.get(key, key.hash), expected, "get %s", key);
  }

  void snapshot() {
    snapshots.add(map);
    snapshotModels.add(new IdentityHashMap<>(model));
  }

  /** Checks the current map and every snapshot against their models, asking for every key. */
  void checkAll(List<TestKey> keys) {
    check(map, model, keys, "current map");
    for (int i = 0; i < snapshots.size(); i++) {
      check(snapshots.get(i), snapshotModels.get(i), keys, "snapshot " + i);
    }
  }

  private void checkSizeAndRepresentation(VarMap before) {
    int size = map.size();
    if (size != model.size()) {
      fail("size %d, model size %d", size, model.size());
    }
    largestSize = Math.max(largestSize, size);
    if (before instanceof FlatVarMap && map instanceof TrieVarMap) {
      turnsToTrie++;
    } else if (before instanceof TrieVarMap && map instanceof FlatVarMap) {
      turnsToFlat++;
    }
    // Built from the empty map, a trie never holds fewer entries than the turn back to flat leaves,
    // unless no flat table tells their hashes apart.
    if (map instanceof TrieVarMap ? size <= TrieVarMap.FLATTEN_AT && fitsFlat() : size > FlatVarMap.MAX_SIZE) {
      fail("%s of size %d", map.getClass().getSimpleName(), size);
    }
  }

  private boolean fitsFlat() {
    Object[] entries = new Object[2 * model.size()];
    int[] hashes = new int[model.size()];
    int i = 0;
    for (Map.Entry<TestKey, Object> entry : model.entrySet()) {
      entries[2 * i] = entry.getKey();
      entries[2 * i + 1] = entry.getValue();
      hashes[i++] = entry.getKey().hash;
    }
    return FlatVarMap.laidOut(entries, hashes) != null;
  }

  private static void check(
      VarMap map, Map<TestKey, Object> model, List<TestKey> keys, String which) {
    assertThat(map.size()).as(which + " size").isEqualTo(model.size());
    Object[] flatSlots = map.flatSlots();
    assertThat(VarMap.isLarge(flatSlots))
        .as(which + " has the large map's slots only as a trie")
        .isEqualTo(map instanceof TrieVarMap);
    for (TestKey key : keys) {
      Object expected = model.containsKey(key) ? model.get(key) : VarMap.ABSENT;
      expectSame(map.get(key, key.hash), expected, "%s: get %s", which, key);
      if (!VarMap.isLarge(flatSlots)) {
        int i = VarMap.flatIndex(key.hash, map.flatShape(), flatSlots);
        expectSame(
            flatSlots[i] == key ? flatSlots[i + 1] : VarMap.ABSENT,
            expected,
            "%s: flat slot of %s",
            which,
            key);
      }
    }
    Map<Object, Integer> visits = new IdentityHashMap<>();
    map.forEach(
        (key, value) -> {
          if (!model.containsKey(key)) {
            fail("%s: visits unbound %s", which, key);
          }
          expectSame(value, model.get(key), "%s: value visited for %s", which, key);
          visits.merge(key, 1, Integer::sum);
        });
    assertThat(visits).as(which + " keys visited").hasSize(model.size());
    assertThat(visits.values()).as(which + " visits per key").allMatch(n -> n == 1);
    TrieShapes.assertWellFormed(map);
  }

  /** Cheap when it passes: checks run millions of times in the large tests. */
  private static void expectSame(Object actual, Object expected, String what, Object... args) {
    if (actual != expected) {
      assertThat(actual).as(what, args).isSameAs(expected);
    }
  }
}
