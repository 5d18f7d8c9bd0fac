package org.contextvars.internal;

import java.util.Comparator;

/**
 * A map key whose hash the test chooses. Its {@code equals} deliberately claims that every two test
 * keys are equal, so a map that compared keys with {@code equals} instead of identity would merge
 * distinct keys and fail. The same goes for test code: hold test keys in identity collections, and
 * never use {@code List.remove(Object)} or {@code contains} on them.
 */
final class TestKey {

  /** For AssertJ's {@code usingElementComparator}: elements match only when identical. */
  static final Comparator<Object> IDENTITY = (x, y) -> x == y ? 0 : 1;

  final String name;
  final int hash;

  TestKey(String name, int hash) {
    this.name = name;
    this.hash = hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TestKey;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return name + "#" + Integer.toHexString(hash);
  }
}
