package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * A large {@link VarMap}: a CHAMP trie of {@link BitmapNode}s, O(log32 n) lookup and update, with
 * the entry count kept alongside so that {@link #size} is O(1).
 *
 * <p>A flat map turns into a trie when a put would give it more than {@value FlatVarMap#MAX_SIZE}
 * entries, or keys whose hashes no flat table tells apart; a trie turns back into a flat map when
 * removals leave {@value #FLATTEN_AT} or fewer entries that a flat table can hold.
 * Going back keeps the common small context on the flat class, which is what call sites such as
 * {@code ContextVar.get} are profiled and inlined for. Going back only well below the growth limit
 * keeps a context that hovers around it (set, reset, set, ...) from converting on every update: at
 * least five updates lie between two conversions, and each copies at most nine entries.
 */
final class TrieVarMap extends VarMap {

  /** A trie that removals shrink to this many entries or fewer becomes a {@link FlatVarMap}. */
  static final int FLATTEN_AT = FlatVarMap.MAX_SIZE / 2;

  /** The empty trie; normally reached only through {@link #grownFrom}, but tests build from it. */
  static final TrieVarMap EMPTY = new TrieVarMap(BitmapNode.EMPTY, 0);

  final BitmapNode root;
  private final int size;

  private TrieVarMap(BitmapNode root, int size) {
    this.root = root;
    this.size = size;
  }

  /** The trie holding the entries of {@code flat} plus {@code key}, which is not among them. */
  static TrieVarMap grownFrom(FlatVarMap flat, Object key, int hash, @Nullable Object value) {
    int size = flat.size();
    @Nullable Object[] entries = new Object[2 * size];
    int[] hashes = new int[size];
    flat.copyEntriesTo(entries, hashes, null);
    BitmapNode root = BitmapNode.EMPTY;
    for (int i = 0; i < size; i++) {
      root = root.put(entries[2 * i], hashes[i], entries[2 * i + 1], 0);
    }
    root = root.put(key, hash, value, 0);
    return new TrieVarMap(root, size + 1);
  }

  @Override
  public @Nullable Object get(Object key, int hash) {
    return root.find(key, hash);
  }

  @Override
  public VarMap put(Object key, int hash, @Nullable Object value) {
    // One cheap lookup first tells apart "no change", "replace" (same size) and "insert".
    Object old = root.find(key, hash);
    if (old == value) {
      return this;
    }
    return new TrieVarMap(root.put(key, hash, value, 0), old == ABSENT ? size + 1 : size);
  }

  @Override
  public VarMap remove(Object key, int hash) {
    if (root.find(key, hash) == ABSENT) {
      return this;
    }
    int remaining = size - 1;
    if (remaining <= FLATTEN_AT) {
      VarMap flat = flatWithout(key, remaining);
      if (flat != null) {
        return flat;
      }
    }
    return new TrieVarMap(root.remove(key, hash, 0), remaining);
  }

  /** This trie's entries but {@code key} as a flat map, or null when their hashes do not allow one. */
  private @Nullable VarMap flatWithout(Object key, int remaining) {
    @Nullable Object[] entries = new Object[2 * remaining];
    int[] hashes = new int[remaining];
    root.copyEntriesTo(entries, hashes, 0, key);
    return FlatVarMap.laidOut(entries, hashes);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void forEach(EntryVisitor visitor) {
    root.forEach(visitor);
  }
}
