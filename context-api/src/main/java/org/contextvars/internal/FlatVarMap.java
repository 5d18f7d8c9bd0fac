package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * A small {@link VarMap}: keys and values interleaved in one array, scanned by identity. A linear
 * scan of a handful of references beats hashing for the one to eight variables most contexts hold.
 *
 * <p>Holds at most {@link #MAX_SIZE} entries; the put that would exceed it returns a {@link
 * TrieVarMap} instead. The hashes are kept beside the entries only so that this growth can place
 * every entry in the trie: lookups never read them.
 */
final class FlatVarMap extends VarMap {

  /** The most entries a flat map holds; one more turns it into a trie. */
  static final int MAX_SIZE = 8;

  private static final int[] NO_HASHES = new int[0];

  static final FlatVarMap EMPTY = new FlatVarMap(new Object[0], NO_HASHES);

  /** {@code key0, value0, key1, value1, ...}; never mutated after construction. */
  private final @Nullable Object[] entries;

  /** {@code hashes[i]} is the hash of {@code entries[2 * i]}; never mutated, shared between maps. */
  private final int[] hashes;

  /** Takes ownership of both arrays: callers must not touch them afterwards. */
  FlatVarMap(@Nullable Object[] entries, int[] hashes) {
    this.entries = entries;
    this.hashes = hashes;
  }

  @Override
  public @Nullable Object get(Object key, int hash) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        return e[i + 1];
      }
    }
    return ABSENT;
  }

  @Override
  public VarMap put(Object key, int hash, @Nullable Object value) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        if (e[i + 1] == value) {
          return this;
        }
        @Nullable Object[] copy = e.clone();
        copy[i + 1] = value;
        // The keys did not change, so neither did their hashes.
        return new FlatVarMap(copy, hashes);
      }
    }
    int n = hashes.length;
    if (n == MAX_SIZE) {
      return TrieVarMap.grownFrom(e, hashes, key, hash, value);
    }
    @Nullable Object[] grown = new Object[e.length + 2];
    System.arraycopy(e, 0, grown, 0, e.length);
    grown[e.length] = key;
    grown[e.length + 1] = value;
    int[] grownHashes = new int[n + 1];
    System.arraycopy(hashes, 0, grownHashes, 0, n);
    grownHashes[n] = hash;
    return new FlatVarMap(grown, grownHashes);
  }

  @Override
  public VarMap remove(Object key, int hash) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        if (e.length == 2) {
          return EMPTY;
        }
        @Nullable Object[] shrunk = new Object[e.length - 2];
        System.arraycopy(e, 0, shrunk, 0, i);
        System.arraycopy(e, i + 2, shrunk, i, e.length - i - 2);
        int n = hashes.length;
        int at = i >> 1;
        int[] shrunkHashes = new int[n - 1];
        System.arraycopy(hashes, 0, shrunkHashes, 0, at);
        System.arraycopy(hashes, at + 1, shrunkHashes, at, n - at - 1);
        return new FlatVarMap(shrunk, shrunkHashes);
      }
    }
    return this;
  }

  @Override
  public int size() {
    return hashes.length;
  }

  @Override
  public void forEach(EntryVisitor visitor) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      visitor.visit(e[i], e[i + 1]);
    }
  }
}
