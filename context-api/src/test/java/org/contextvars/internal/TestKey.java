package org.contextvars.internal;

/**
 * A map key whose hash the test chooses. Its {@code equals} deliberately claims that every two test
 * keys are equal, so a map that compared keys with {@code equals} instead of identity would merge
 * distinct keys and fail.
 */
final class TestKey {

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
