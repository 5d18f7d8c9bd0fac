package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * A leaf of a {@link TrieVarMap} for two or more keys whose 32-bit hashes are all equal, so that no
 * level of the trie can tell them apart. Scanned by identity.
 *
 * <p>Lives only below the last {@link BitmapNode} level, where every bit of the hash has been used.
 * Entries stay in insertion order; with distinct hashes per variable (see {@code ContextVar}) such
 * nodes exist only when hashes are chosen to collide, as tests do.
 */
final class CollisionNode {

  /** The hash every key here shares. */
  final int hash;

  /** {@code key0, value0, key1, value1, ...}; at least two entries; never mutated. */
  final @Nullable Object[] entries;

  CollisionNode(int hash, @Nullable Object[] entries) {
    this.hash = hash;
    this.entries = entries;
  }

  int size() {
    return entries.length >> 1;
  }

  @Nullable Object find(Object key) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        return e[i + 1];
      }
    }
    return VarMap.ABSENT;
  }

  /** This node with {@code key} bound to {@code value}; {@code key} must have this node's hash. */
  CollisionNode put(Object key, @Nullable Object value) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        @Nullable Object[] copy = e.clone();
        copy[i + 1] = value;
        return new CollisionNode(hash, copy);
      }
    }
    @Nullable Object[] grown = new Object[e.length + 2];
    System.arraycopy(e, 0, grown, 0, e.length);
    grown[e.length] = key;
    grown[e.length + 1] = value;
    return new CollisionNode(hash, grown);
  }

  /**
   * This node without {@code key}, which must be here. The result may hold a single entry: the
   * parent then moves that entry up into itself, which keeps the trie canonical.
   */
  CollisionNode remove(Object key) {
    @Nullable Object[] e = entries;
    int i = 0;
    while (e[i] != key) {
      i += 2;
    }
    @Nullable Object[] shrunk = new Object[e.length - 2];
    System.arraycopy(e, 0, shrunk, 0, i);
    System.arraycopy(e, i + 2, shrunk, i, e.length - i - 2);
    return new CollisionNode(hash, shrunk);
  }

  int copyEntriesTo(@Nullable Object[] toEntries, int[] toHashes, int count, Object except) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] != except) {
        toEntries[2 * count] = e[i];
        toEntries[2 * count + 1] = e[i + 1];
        toHashes[count] = hash;
        count++;
      }
    }
    return count;
  }

  void forEach(VarMap.EntryVisitor visitor) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      visitor.visit(e[i], e[i + 1]);
    }
  }
}
