package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.contextvars.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VarMapTest {

  @AfterEach
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void theEmptyMapIsOneSharedFlatMap() {
    assertThat(VarMap.empty()).isSameAs(VarMap.empty());
    assertThat(VarMap.empty()).isInstanceOf(FlatVarMap.class);
    assertThat(VarMap.empty().size()).isZero();
  }

  @Test
  void absentIsADistinctNonNullMarkerThatNamesItself() {
    assertThat(VarMap.ABSENT).isNotNull();
    assertThat(VarMap.ABSENT).hasToString("<absent>");
    assertThat(VarMap.ABSENT).isNotEqualTo(new Object());
  }

  @Test
  void crossesTheFlatTrieBoundaryBothWaysWithoutLosingEntries() {
    // Hashes as ContextVar makes them: a flat table always tells them apart, so only the size
    // decides the representation. The model tests cross the boundary with colliding hashes.
    List<TestKey> keys = HashScheme.SEQUENCE.keys(12, 1);
    ModelledVarMap map = new ModelledVarMap();

    for (int round = 0; round < 3; round++) {
      for (TestKey key : keys) {
        map.put(key, key.name);
        boolean trie = map.size() > FlatVarMap.MAX_SIZE;
        assertThat(map.current()).as("growing, size %d", map.size())
            .isInstanceOf(trie ? TrieVarMap.class : FlatVarMap.class);
        map.snapshot();
      }
      for (TestKey key : keys) {
        map.remove(key);
        boolean trie = map.size() > TrieVarMap.FLATTEN_AT;
        assertThat(map.current()).as("shrinking, size %d", map.size())
            .isInstanceOf(trie ? TrieVarMap.class : FlatVarMap.class);
        map.snapshot();
      }
    }

    map.checkAll(keys);
  }
}
