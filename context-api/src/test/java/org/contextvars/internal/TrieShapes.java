package org.contextvars.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Structural checks on tries: the invariants that make a CHAMP trie canonical, and node-by-node
 * comparison of two tries.
 */
final class TrieShapes {

  private static final int LAST_SHIFT = 30;

  private TrieShapes() {}

  /**
   * Fails unless {@code map} is a well-formed map of its kind: a flat map within its size limit, or
   * a trie in canonical form whose size matches its entries.
   */
  static void assertWellFormed(VarMap map) {
    if (map instanceof FlatVarMap) {
      assertThat(map.size()).as("flat map size").isBetween(0, FlatVarMap.MAX_SIZE);
      return;
    }
    TrieVarMap trie = (TrieVarMap) map;
    int counted = assertCanonical(trie.root);
    assertThat(counted).as("entries in the trie").isEqualTo(map.size());
  }

  /** Fails unless the trie rooted at {@code root} is canonical; returns its entry count. */
  static int assertCanonical(BitmapNode root) {
    return checkNode(root, 0, 0, new IdentityHashMap<>());
  }

  private static int checkNode(
      BitmapNode node, int shift, int prefix, Map<Object, Boolean> seenKeys) {
    assertThat(shift).as("depth of a bitmap node").isLessThanOrEqualTo(LAST_SHIFT);
    assertThat(node.dataMap & node.nodeMap).as("fragments both entry and child").isZero();
    int entries = Integer.bitCount(node.dataMap);
    int children = Integer.bitCount(node.nodeMap);
    assertThat(node.content).hasSize(2 * entries + children);
    assertThat(node.hashes).hasSize(entries);
    int count = 0;
    int index = 0;
    for (int fragment = 0; fragment < 32; fragment++) {
      if ((node.dataMap & (1 << fragment)) == 0) {
        continue;
      }
      Object key = node.content[2 * index];
      int hash = node.hashes[index];
      // Plain checks: this runs for every entry of maps with up to 100,000 of them.
      if (key == null) {
        fail("null key at entry %d", index);
      }
      if (seenKeys.put(key, Boolean.TRUE) != null) {
        fail("key %s seen twice", key);
      }
      if (fragmentOf(hash, shift) != fragment) {
        fail("%s at fragment %d of shift %d", key, fragment, shift);
      }
      if ((hash & lowMask(shift)) != prefix) {
        fail("%s below path prefix %x at shift %d", key, prefix, shift);
      }
      if (key instanceof TestKey && ((TestKey) key).hash != hash) {
        fail("%s stored with hash %x", key, hash);
      }
      index++;
      count++;
    }
    int childIndex = 0;
    for (int fragment = 0; fragment < 32; fragment++) {
      if ((node.nodeMap & (1 << fragment)) == 0) {
        continue;
      }
      Object child = node.content[node.content.length - 1 - childIndex];
      int childPrefix = prefix | (fragment << shift);
      int childCount;
      if (shift == LAST_SHIFT) {
        assertThat(child).as("child below the last level").isInstanceOf(CollisionNode.class);
        childCount = checkCollisionNode((CollisionNode) child, childPrefix, seenKeys);
      } else {
        assertThat(child).as("child above the last level").isInstanceOf(BitmapNode.class);
        childCount = checkNode((BitmapNode) child, shift + 5, childPrefix, seenKeys);
      }
      if (childCount < 2) {
        fail("%d entries below fragment %d at shift %d", childCount, fragment, shift);
      }
      count += childCount;
      childIndex++;
    }
    return count;
  }

  private static int checkCollisionNode(
      CollisionNode node, int fullHash, Map<Object, Boolean> seenKeys) {
    assertThat(node.hash).as("collision hash").isEqualTo(fullHash);
    assertThat(node.entries.length % 2).isZero();
    for (int i = 0; i < node.entries.length; i += 2) {
      Object key = node.entries[i];
      if (key == null) {
        fail("null key in collision node %x", fullHash);
      }
      if (seenKeys.put(key, Boolean.TRUE) != null) {
        fail("key %s seen twice", key);
      }
      if (key instanceof TestKey && ((TestKey) key).hash != fullHash) {
        fail("%s in collision node %x", key, fullHash);
      }
    }
    return node.size();
  }

  /**
   * Fails unless both tries have the same nodes, bitmaps, hashes, and identical keys and values in
   * the same places. Collision nodes are compared as sets: they keep insertion order.
   */
  static void assertSameShape(BitmapNode actual, BitmapNode expected) {
    compare(actual, expected, "root");
  }

  private static void compare(Object actual, Object expected, String path) {
    if (expected instanceof CollisionNode) {
      assertThat(actual).as(path).isInstanceOf(CollisionNode.class);
      CollisionNode a = (CollisionNode) actual;
      CollisionNode e = (CollisionNode) expected;
      assertThat(a.hash).as(path + " hash").isEqualTo(e.hash);
      assertThat(entriesOf(a)).as(path + " entries").isEqualTo(entriesOf(e));
      return;
    }
    assertThat(actual).as(path).isInstanceOf(BitmapNode.class);
    BitmapNode a = (BitmapNode) actual;
    BitmapNode e = (BitmapNode) expected;
    assertThat(a.dataMap).as(path + " dataMap").isEqualTo(e.dataMap);
    assertThat(a.nodeMap).as(path + " nodeMap").isEqualTo(e.nodeMap);
    assertThat(a.hashes).as(path + " hashes").isEqualTo(e.hashes);
    assertThat(a.content).as(path + " content length").hasSameSizeAs(e.content);
    int entries = Integer.bitCount(e.dataMap);
    for (int i = 0; i < 2 * entries; i++) {
      assertThat(a.content[i]).as(path + " content[" + i + "]").isSameAs(e.content[i]);
    }
    for (int i = 2 * entries; i < e.content.length; i++) {
      compare(a.content[i], e.content[i], path + "/" + i);
    }
  }

  /**
   * Key to value. {@code IdentityHashMap.equals} against another {@code IdentityHashMap} compares
   * keys and values by identity.
   */
  private static Map<Object, Object> entriesOf(CollisionNode node) {
    Map<Object, Object> entries = new IdentityHashMap<>();
    node.forEach(entries::put);
    return entries;
  }

  private static int fragmentOf(int hash, int shift) {
    return (hash >>> shift) & 31;
  }

  private static int lowMask(int shift) {
    return shift == 0 ? 0 : (1 << shift) - 1;
  }
}
