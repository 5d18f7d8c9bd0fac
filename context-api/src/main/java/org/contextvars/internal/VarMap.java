package org.contextvars.internal;

import org.jspecify.annotations.Nullable;

/**
 * An immutable map from context variables to values: every update returns a new map and leaves the
 * receiver untouched, so a snapshot of a context is just a reference to its map.
 *
 * <p>Keys are compared by identity and carry their hash code in every call, so that lookups never
 * make a virtual call on the key and tests can choose colliding hashes. A map holds {@code null}
 * values; absence is reported as {@link #ABSENT}.
 *
 * <p>Small maps (the common case) are a flat table with one slot per key, chosen by bits of its
 * hash; larger ones are a CHAMP trie with O(log32 n) lookup and update.
 */
public abstract class VarMap {

  /** Returned by {@link #get} when the key is not in the map. Never stored as a value. */
  public static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "<absent>";
    }
  };

  VarMap() {}

  /** The map with no entries. */
  public static VarMap empty() {
    return FlatVarMap.EMPTY;
  }

  /** The value bound to {@code key}, or {@link #ABSENT}. Never allocates. */
  public abstract @Nullable Object get(Object key, int hash);

  /** This map with {@code key} bound to {@code value}; {@code this} when nothing changes. */
  public abstract VarMap put(Object key, int hash, @Nullable Object value);

  /** This map without {@code key}; {@code this} when the key is absent. */
  public abstract VarMap remove(Object key, int hash);

  /**
   * What {@link #flatSlots} returns for a large map: a table in which every key misses, so that a
   * holder never has to test for null before a lookup, only on a miss whether the map was large.
   */
  private static final @Nullable Object[] LARGE_MAP_SLOTS = new Object[2];

  /**
   * The slot table of a small map, or for a large one a table in which every key misses ({@link
   * #isLarge}): for a holder that keeps it, with {@link #flatShape}, beside the map, so that a
   * lookup through {@link #flatIndex} does not load the map first. Never mutated.
   */
  public @Nullable Object[] flatSlots() {
    return LARGE_MAP_SLOTS;
  }

  /** Whether {@code flatSlots} are those of a large map, which holds keys its table does not. */
  public static boolean isLarge(@Nullable Object[] flatSlots) {
    return flatSlots == LARGE_MAP_SLOTS;
  }

  /** What {@link #flatIndex} needs besides the {@link #flatSlots} of the same map. */
  public int flatShape() {
    return 0;
  }

  /**
   * Where in a small map's {@code flatSlots} the key of {@code hash} sits if the map holds it: the
   * key at this index, its value at the next. Any other key there, or none, means the map does not
   * hold it.
   */
  public static int flatIndex(int hash, int flatShape, @Nullable Object[] flatSlots) {
    return FlatVarMap.indexOf(hash, flatShape, flatSlots);
  }

  /** The number of entries. */
  public abstract int size();

  /** Calls {@code visitor} once per entry, in no particular order. */
  public abstract void forEach(EntryVisitor visitor);

  /** Receives the entries of a {@link VarMap}. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(Object key, @Nullable Object value);
  }
}
