package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * A small {@link VarMap}: keys and values interleaved in one array, scanned by identity. A linear
 * scan of a handful of references beats hashing for the one to eight variables most contexts hold.
 */
final class FlatVarMap extends VarMap {

  static final FlatVarMap EMPTY = new FlatVarMap(new Object[0]);

  /** {@code key0, value0, key1, value1, ...}; never mutated after construction. */
  private final @Nullable Object[] entries;

  private FlatVarMap(@Nullable Object[] entries) {
    this.entries = entries;
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
        return new FlatVarMap(copy);
      }
    }
    @Nullable Object[] grown = new Object[e.length + 2];
    System.arraycopy(e, 0, grown, 0, e.length);
    grown[e.length] = key;
    grown[e.length + 1] = value;
    return new FlatVarMap(grown);
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
        return new FlatVarMap(shrunk);
      }
    }
    return this;
  }

  @Override
  public int size() {
    return entries.length >> 1;
  }

  @Override
  public void forEach(EntryVisitor visitor) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      visitor.visit(e[i], e[i + 1]);
    }
  }
}
