package org.contextvars.internal;

/**
 * A map value whose {@code equals} claims that every two test values are equal, so a map that
 * detected "same value" with {@code equals} instead of identity would drop an update and fail.
 */
final class TestValue {

  private final String label;

  TestValue(String label) {
    this.label = label;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TestValue;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return label;
  }
}
