package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterTry;
import org.contextvars.Context;

/**
 * A trie's shape depends only on the keys it holds: removing keys leaves exactly the nodes that
 * putting the remaining keys into an empty trie, in any order, builds.
 */
class TrieCanonicalFormTest {

  @AfterTry
  void threadIsBackToAnEmptyContext() {
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Property(tries = 300)
  void removalsLeaveTheShapeOfADirectBuild(
      @ForAll HashScheme scheme,
      @ForAll("keyCounts") int keyCount,
      @ForAll("keptPercents") int keptPercent,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<TestKey> keys = scheme.keys(keyCount, seed);
    List<TestKey> removed = new ArrayList<>();
    List<TestKey> kept = new ArrayList<>();
    for (TestKey key : keys) {
      (random.nextInt(100) < keptPercent ? kept : removed).add(key);
    }
    Collections.shuffle(keys, random);
    Collections.shuffle(removed, random);
    Collections.shuffle(kept, random);

    BitmapNode shrunk = putAll(BitmapNode.EMPTY, keys);
    for (TestKey key : removed) {
      shrunk = shrunk.remove(key, key.hash, 0);
    }
    BitmapNode direct = putAll(BitmapNode.EMPTY, kept);

    assertThat(TrieShapes.assertCanonical(shrunk)).isEqualTo(kept.size());
    TrieShapes.assertSameShape(shrunk, direct);
  }

  @Property(tries = 100)
  void theOrderOfPutsDoesNotMatter(
      @ForAll HashScheme scheme, @ForAll("keyCounts") int keyCount, @ForAll long seed) {
    List<TestKey> keys = scheme.keys(keyCount, seed);
    List<TestKey> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(seed));

    TrieShapes.assertSameShape(putAll(BitmapNode.EMPTY, shuffled), putAll(BitmapNode.EMPTY, keys));
  }

  @Provide
  Arbitrary<Integer> keyCounts() {
    return Arbitraries.integers().between(0, 300).withDistribution(RandomDistribution.uniform());
  }

  @Provide
  Arbitrary<Integer> keptPercents() {
    return Arbitraries.integers().between(0, 100).withDistribution(RandomDistribution.uniform());
  }

  private static BitmapNode putAll(BitmapNode root, List<TestKey> keys) {
    for (TestKey key : keys) {
      root = root.put(key, key.hash, key.name, 0);
    }
    return root;
  }
}
