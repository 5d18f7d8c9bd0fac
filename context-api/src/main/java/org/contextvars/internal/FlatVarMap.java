package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * A small {@link VarMap}: a table of slots in which every key sits in the one slot that a few bits
 * of its hash choose, so that a lookup reads one slot and compares one reference, whatever the
 * size. A linear scan of the same entries, measured side by side, took four times as long to find
 * the fourth of four keys as the first; this lookup takes the same time for every key.
 *
 * <p>Which bits choose the slot is the map's own: when a new key's slot is taken, the map looks
 * for another bit position, then a table twice as large, at which all its keys get slots of their
 * own. Keys made by {@code ContextVar} (a sequence number times the golden ratio) find one at the
 * first try in the common case. Keys whose hashes no table of at most {@link #MAX_CAPACITY} slots
 * tells apart (equal hashes, in tests) go to a {@link TrieVarMap} instead.
 *
 * <p>Holds at most {@link #MAX_SIZE} entries; the put that would exceed it returns a trie.
 */
final class FlatVarMap extends VarMap {

  /** The most entries a flat map holds; one more turns it into a trie. */
  static final int MAX_SIZE = 8;

  /** The most slots a table has: with four slots per key, eight keys almost always fit. */
  static final int MAX_CAPACITY = 4 * MAX_SIZE;

  static final FlatVarMap EMPTY = new FlatVarMap(new Object[2], new int[1], 0);

  /**
   * {@code key, value} per slot: slot {@code i} at {@code 2 * i} and {@code 2 * i + 1}; a null key
   * is a free slot. The number of slots is a power of two. Never mutated after construction.
   */
  private final @Nullable Object[] slots;

  /** The hash of the key in each slot: read only to lay out a new table. Shared between maps. */
  private final int[] hashes;

  /**
   * The size times {@link #ONE_ENTRY} plus the shift: a key's slot is {@code (hash >>> shift) &
   * (slots - 1)}, and {@code hash >>> shape} shifts by the low five bits alone. One field instead
   * of two keeps the map at 24 bytes, and every {@code set} makes one.
   */
  private final int shape;

  /** What one more entry adds to {@link #shape}. */
  private static final int ONE_ENTRY = 1 << 5;

  /** Takes ownership of both arrays: callers must not touch them afterwards. */
  private FlatVarMap(@Nullable Object[] slots, int[] hashes, int shape) {
    this.slots = slots;
    this.hashes = hashes;
    this.shape = shape;
  }

  /**
   * Where the key of {@code hash} sits in {@code slots}: the index of the key, the value next. Only
   * the low five bits of {@code shift} count, so a {@link #shape} can be passed as it is.
   */
  static int indexOf(int hash, int shift, @Nullable Object[] slots) {
    return ((hash >>> shift) << 1) & (slots.length - 2);
  }

  @Override
  public @Nullable Object get(Object key, int hash) {
    @Nullable Object[] s = slots;
    int i = indexOf(hash, shape, s);
    return s[i] == key ? s[i + 1] : ABSENT;
  }

  @Override
  public @Nullable Object[] flatSlots() {
    return slots;
  }

  @Override
  public int flatShape() {
    return shape;
  }

  @Override
  public VarMap put(Object key, int hash, @Nullable Object value) {
    @Nullable Object[] s = slots;
    int i = indexOf(hash, shape, s);
    Object there = s[i];
    if (there == key) {
      if (s[i + 1] == value) {
        return this;
      }
      @Nullable Object[] copy = s.clone();
      copy[i + 1] = value;
      // The keys did not change, so neither did their hashes.
      return new FlatVarMap(copy, hashes, shape);
    }
    int size = size();
    if (size == MAX_SIZE) {
      return TrieVarMap.grownFrom(this, key, hash, value);
    }
    if (there == null) {
      @Nullable Object[] copy = s.clone();
      copy[i] = key;
      copy[i + 1] = value;
      int[] copiedHashes = hashes.clone();
      copiedHashes[i >> 1] = hash;
      return new FlatVarMap(copy, copiedHashes, shape + ONE_ENTRY);
    }
    @Nullable Object[] entries = new Object[2 * (size + 1)];
    int[] entryHashes = new int[size + 1];
    copyEntriesTo(entries, entryHashes, null);
    entries[2 * size] = key;
    entries[2 * size + 1] = value;
    entryHashes[size] = hash;
    VarMap laidOut = laidOut(entries, entryHashes);
    return laidOut != null ? laidOut : TrieVarMap.grownFrom(this, key, hash, value);
  }

  @Override
  public VarMap remove(Object key, int hash) {
    @Nullable Object[] s = slots;
    int i = indexOf(hash, shape, s);
    if (s[i] != key) {
      return this;
    }
    if (size() == 1) {
      return EMPTY;
    }
    // The other keys keep their slots: the table stays valid with one slot freed.
    @Nullable Object[] copy = s.clone();
    copy[i] = null;
    copy[i + 1] = null;
    return new FlatVarMap(copy, hashes, shape - ONE_ENTRY);
  }

  @Override
  public int size() {
    return shape / ONE_ENTRY;
  }

  @Override
  public void forEach(EntryVisitor visitor) {
    @Nullable Object[] s = slots;
    for (int i = 0; i < s.length; i += 2) {
      Object key = s[i];
      if (key != null) {
        visitor.visit(key, s[i + 1]);
      }
    }
  }

  /**
   * Copies every entry but {@code except} into {@code toEntries} (key, value pairs, from the
   * start) and their hashes into {@code toHashes}.
   */
  void copyEntriesTo(@Nullable Object[] toEntries, int[] toHashes, @Nullable Object except) {
    @Nullable Object[] s = slots;
    int count = 0;
    for (int i = 0; i < s.length; i += 2) {
      Object key = s[i];
      if (key != null && key != except) {
        toEntries[2 * count] = key;
        toEntries[2 * count + 1] = s[i + 1];
        toHashes[count] = hashes[i >> 1];
        count++;
      }
    }
  }

  /**
   * A flat map of the entries {@code entries} (key, value pairs, at most {@link #MAX_SIZE}) with
   * hashes {@code entryHashes}, in the smallest table that gives every key a slot of its own; or
   * null when no table of at most {@link #MAX_CAPACITY} slots does.
   */
  static @Nullable FlatVarMap laidOut(@Nullable Object[] entries, int[] entryHashes) {
    int count = entryHashes.length;
    if (count == 0) {
      return EMPTY;
    }
    for (int capacity = Integer.highestOneBit(2 * count - 1);
        capacity <= MAX_CAPACITY;
        capacity <<= 1) {
      // At most 31, which fits the shape: a table of one slot needs no bits at all.
      int lastShift = Math.min(31, Integer.SIZE - Integer.numberOfTrailingZeros(capacity));
      for (int shift = 0; shift <= lastShift; shift++) {
        if (separates(entryHashes, shift, capacity - 1)) {
          return placed(entries, entryHashes, shift, capacity);
        }
      }
    }
    return null;
  }

  /** Whether {@code (hash >>> shift) & mask} differs for every hash (mask below 64 bits). */
  private static boolean separates(int[] entryHashes, int shift, int mask) {
    long taken = 0;
    for (int hash : entryHashes) {
      long bit = 1L << ((hash >>> shift) & mask);
      if ((taken & bit) != 0) {
        return false;
      }
      taken |= bit;
    }
    return true;
  }

  private static FlatVarMap placed(
      @Nullable Object[] entries, int[] entryHashes, int shift, int capacity) {
    @Nullable Object[] slots = new Object[2 * capacity];
    int[] hashes = new int[capacity];
    for (int e = 0; e < entryHashes.length; e++) {
      int i = indexOf(entryHashes[e], shift, slots);
      slots[i] = entries[2 * e];
      slots[i + 1] = entries[2 * e + 1];
      hashes[i >> 1] = entryHashes[e];
    }
    return new FlatVarMap(slots, hashes, entryHashes.length * ONE_ENTRY + shift);
  }
}
