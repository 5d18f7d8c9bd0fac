package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * An inner node of a {@link TrieVarMap}: a CHAMP node (Steindorfer and Vinju, "Optimizing
 * Hash-Array Mapped Tries for Fast and Lean Immutable JVM Collections", OOPSLA 2015).
 *
 * <p>A node at depth {@code d} sorts keys by bits {@code 5d} to {@code 5d + 4} of their hash (the
 * fragment). {@link #dataMap} marks the fragments held here as an entry, {@link #nodeMap} those held
 * in a child; no fragment is in both. {@link #content} holds the entries first, in fragment order,
 * then the children in reverse fragment order, so the rank of a fragment among the set bits of its
 * bitmap is its index from either end. Keeping entries and children apart lets a lookup decide with
 * one bit test whether to compare a key or descend, and lets iteration visit entries without type
 * checks.
 *
 * <p>Canonical form: every child holds at least two entries in its subtree. Removal that leaves a
 * child with a single entry moves that entry up, so a trie's shape depends only on the keys it
 * holds, never on the order of puts and removes that built it (only the order inside a collision
 * node does). The seventh level is the last ({@code shift} 30, where two hash bits are left): the
 * children of its nodes are {@link CollisionNode}s, and those of all other levels' nodes are
 * {@code BitmapNode}s.
 *
 * <p>Nodes are immutable; each update copies the path from the root to the changed node.
 */
final class BitmapNode {

  private static final int BITS_PER_LEVEL = 5;
  private static final int FRAGMENT_MASK = (1 << BITS_PER_LEVEL) - 1;

  private static final int[] NO_HASHES = new int[0];

  static final BitmapNode EMPTY = new BitmapNode(0, 0, new Object[0], NO_HASHES);

  final int dataMap;
  final int nodeMap;

  /**
   * {@code key0, value0, key1, value1, ..., child1, child0}: entries in fragment order, then
   * children ({@link BitmapNode} or {@link CollisionNode}) in reverse fragment order. Never mutated.
   */
  final @Nullable Object[] content;

  /**
   * {@code hashes[i]} is the hash of entry {@code i}: needed to push an entry down a level when a
   * new key shares its fragment. Never mutated, so a put that only replaces a value shares it.
   */
  final int[] hashes;

  BitmapNode(int dataMap, int nodeMap, @Nullable Object[] content, int[] hashes) {
    this.dataMap = dataMap;
    this.nodeMap = nodeMap;
    this.content = content;
    this.hashes = hashes;
  }

  private static int bit(int hash, int shift) {
    return 1 << ((hash >>> shift) & FRAGMENT_MASK);
  }

  int entryCount() {
    return Integer.bitCount(dataMap);
  }

  int childCount() {
    return Integer.bitCount(nodeMap);
  }

  /**
   * The value bound to {@code key} in the trie rooted here, or {@link VarMap#ABSENT}. A loop rather
   * than recursion, and no allocation: this is the read path of {@code ContextVar.get}.
   */
  @Nullable Object find(Object key, int hash) {
    BitmapNode node = this;
    for (int shift = 0; ; shift += BITS_PER_LEVEL) {
      int bit = bit(hash, shift);
      int dataMap = node.dataMap;
      @Nullable Object[] content = node.content;
      if ((dataMap & bit) != 0) {
        int i = 2 * Integer.bitCount(dataMap & (bit - 1));
        return content[i] == key ? content[i + 1] : VarMap.ABSENT;
      }
      int nodeMap = node.nodeMap;
      if ((nodeMap & bit) == 0) {
        return VarMap.ABSENT;
      }
      Object child = content[content.length - 1 - Integer.bitCount(nodeMap & (bit - 1))];
      if (child instanceof CollisionNode) {
        return ((CollisionNode) child).find(key);
      }
      node = (BitmapNode) child;
    }
  }

  /**
   * The trie rooted here, at depth {@code shift / 5}, with {@code key} bound to {@code value}.
   * Always a new node: the caller has already checked that the binding changes.
   */
  BitmapNode put(Object key, int hash, @Nullable Object value, int shift) {
    int bit = bit(hash, shift);
    if ((dataMap & bit) != 0) {
      int index = Integer.bitCount(dataMap & (bit - 1));
      Object resident = content[2 * index];
      if (resident == key) {
        @Nullable Object[] copy = content.clone();
        copy[2 * index + 1] = value;
        return new BitmapNode(dataMap, nodeMap, copy, hashes);
      }
      Object child =
          pair(
              resident,
              hashes[index],
              content[2 * index + 1],
              key,
              hash,
              value,
              shift + BITS_PER_LEVEL);
      return withEntryMovedToChild(bit, index, child);
    }
    if ((nodeMap & bit) != 0) {
      int slot = content.length - 1 - Integer.bitCount(nodeMap & (bit - 1));
      Object child = content[slot];
      Object updated =
          child instanceof CollisionNode
              ? ((CollisionNode) child).put(key, value)
              : ((BitmapNode) child).put(key, hash, value, shift + BITS_PER_LEVEL);
      return withChild(slot, updated);
    }
    return withEntryAdded(bit, key, hash, value);
  }

  /**
   * The trie rooted here, at depth {@code shift / 5}, without {@code key}, which must be in it. The
   * result may hold a single entry and no child; a parent then pulls that entry up into itself.
   */
  BitmapNode remove(Object key, int hash, int shift) {
    int bit = bit(hash, shift);
    if ((dataMap & bit) != 0) {
      return withEntryRemoved(bit, Integer.bitCount(dataMap & (bit - 1)));
    }
    int slot = content.length - 1 - Integer.bitCount(nodeMap & (bit - 1));
    Object child = content[slot];
    if (child instanceof CollisionNode) {
      CollisionNode updated = ((CollisionNode) child).remove(key);
      if (updated.size() == 1) {
        return withChildMovedToEntry(bit, updated.entries[0], updated.hash, updated.entries[1]);
      }
      return withChild(slot, updated);
    }
    BitmapNode updated = ((BitmapNode) child).remove(key, hash, shift + BITS_PER_LEVEL);
    if (updated.nodeMap == 0 && updated.entryCount() == 1) {
      return withChildMovedToEntry(bit, updated.content[0], updated.hashes[0], updated.content[1]);
    }
    return withChild(slot, updated);
  }

  /**
   * The smallest subtree holding two distinct keys, at depth {@code shift / 5}: one node if their
   * fragments differ here, else a chain down to where they do, or a collision node past the last
   * level.
   */
  private static Object pair(
      Object key0,
      int hash0,
      @Nullable Object value0,
      Object key1,
      int hash1,
      @Nullable Object value1,
      int shift) {
    if (shift >= Integer.SIZE) {
      return new CollisionNode(hash0, new Object[] {key0, value0, key1, value1});
    }
    int fragment0 = (hash0 >>> shift) & FRAGMENT_MASK;
    int fragment1 = (hash1 >>> shift) & FRAGMENT_MASK;
    int bits = (1 << fragment0) | (1 << fragment1);
    if (fragment0 == fragment1) {
      Object child = pair(key0, hash0, value0, key1, hash1, value1, shift + BITS_PER_LEVEL);
      return new BitmapNode(0, bits, new Object[] {child}, NO_HASHES);
    }
    if (fragment0 < fragment1) {
      return new BitmapNode(
          bits, 0, new Object[] {key0, value0, key1, value1}, new int[] {hash0, hash1});
    }
    return new BitmapNode(
        bits, 0, new Object[] {key1, value1, key0, value0}, new int[] {hash1, hash0});
  }

  private BitmapNode withChild(int slot, Object child) {
    @Nullable Object[] copy = content.clone();
    copy[slot] = child;
    return new BitmapNode(dataMap, nodeMap, copy, hashes);
  }

  private BitmapNode withEntryAdded(int bit, Object key, int hash, @Nullable Object value) {
    int index = Integer.bitCount(dataMap & (bit - 1));
    int at = 2 * index;
    @Nullable Object[] src = content;
    @Nullable Object[] dst = new Object[src.length + 2];
    System.arraycopy(src, 0, dst, 0, at);
    dst[at] = key;
    dst[at + 1] = value;
    System.arraycopy(src, at, dst, at + 2, src.length - at);
    return new BitmapNode(dataMap | bit, nodeMap, dst, insert(hashes, index, hash));
  }

  private BitmapNode withEntryRemoved(int bit, int index) {
    int at = 2 * index;
    @Nullable Object[] src = content;
    @Nullable Object[] dst = new Object[src.length - 2];
    System.arraycopy(src, 0, dst, 0, at);
    System.arraycopy(src, at + 2, dst, at, src.length - at - 2);
    return new BitmapNode(dataMap ^ bit, nodeMap, dst, delete(hashes, index));
  }

  /** Replaces entry {@code index}, whose fragment is {@code bit}, with {@code child}. */
  private BitmapNode withEntryMovedToChild(int bit, int index, Object child) {
    int newNodeMap = nodeMap | bit;
    int at = 2 * index;
    @Nullable Object[] src = content;
    @Nullable Object[] dst = new Object[src.length - 1];
    int slot = dst.length - 1 - Integer.bitCount(newNodeMap & (bit - 1));
    // Entries after the removed one and children after the new one move two places left; the
    // children before it (at the end) move one.
    System.arraycopy(src, 0, dst, 0, at);
    System.arraycopy(src, at + 2, dst, at, slot - at);
    dst[slot] = child;
    System.arraycopy(src, slot + 2, dst, slot + 1, dst.length - slot - 1);
    return new BitmapNode(dataMap ^ bit, newNodeMap, dst, delete(hashes, index));
  }

  /** Replaces the child at fragment {@code bit} with the single entry left in it. */
  private BitmapNode withChildMovedToEntry(
      int bit, @Nullable Object key, int hash, @Nullable Object value) {
    int newDataMap = dataMap | bit;
    int index = Integer.bitCount(newDataMap & (bit - 1));
    int at = 2 * index;
    @Nullable Object[] src = content;
    int oldSlot = src.length - 1 - Integer.bitCount(nodeMap & (bit - 1));
    @Nullable Object[] dst = new Object[src.length + 1];
    System.arraycopy(src, 0, dst, 0, at);
    dst[at] = key;
    dst[at + 1] = value;
    System.arraycopy(src, at, dst, at + 2, oldSlot - at);
    System.arraycopy(src, oldSlot + 1, dst, oldSlot + 2, src.length - oldSlot - 1);
    return new BitmapNode(newDataMap, nodeMap ^ bit, dst, insert(hashes, index, hash));
  }

  private static int[] insert(int[] hashes, int index, int hash) {
    int[] grown = new int[hashes.length + 1];
    System.arraycopy(hashes, 0, grown, 0, index);
    grown[index] = hash;
    System.arraycopy(hashes, index, grown, index + 1, hashes.length - index);
    return grown;
  }

  private static int[] delete(int[] hashes, int index) {
    if (hashes.length == 1) {
      return NO_HASHES;
    }
    int[] shrunk = new int[hashes.length - 1];
    System.arraycopy(hashes, 0, shrunk, 0, index);
    System.arraycopy(hashes, index + 1, shrunk, index, hashes.length - index - 1);
    return shrunk;
  }

  /**
   * Copies every entry of the trie rooted here except {@code except} into {@code toEntries} (key,
   * value pairs) and {@code toHashes}, starting at entry {@code count}; returns the new count.
   */
  int copyEntriesTo(@Nullable Object[] toEntries, int[] toHashes, int count, Object except) {
    int entries = entryCount();
    for (int i = 0; i < entries; i++) {
      if (content[2 * i] != except) {
        toEntries[2 * count] = content[2 * i];
        toEntries[2 * count + 1] = content[2 * i + 1];
        toHashes[count] = hashes[i];
        count++;
      }
    }
    for (int i = 2 * entries; i < content.length; i++) {
      Object child = content[i];
      count =
          child instanceof CollisionNode
              ? ((CollisionNode) child).copyEntriesTo(toEntries, toHashes, count, except)
              : ((BitmapNode) child).copyEntriesTo(toEntries, toHashes, count, except);
    }
    return count;
  }

  void forEach(VarMap.EntryVisitor visitor) {
    int entries = entryCount();
    for (int i = 0; i < entries; i++) {
      visitor.visit(content[2 * i], content[2 * i + 1]);
    }
    for (int i = 2 * entries; i < content.length; i++) {
      Object child = content[i];
      if (child instanceof CollisionNode) {
        ((CollisionNode) child).forEach(visitor);
      } else {
        ((BitmapNode) child).forEach(visitor);
      }
    }
  }
}
