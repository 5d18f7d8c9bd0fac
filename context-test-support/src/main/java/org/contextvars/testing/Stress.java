package org.contextvars.testing;

/**
 * The one switch for heavier variants of the concurrency suites: {@code -Dcontextvars.stress=true}.
 *
 * <pre>{@code
 * int tasks = Stress.pick(20_000, 1_000_000);
 * }</pre>
 */
public final class Stress {

  /** Whether the stress variants run. */
  public static final boolean ENABLED = Boolean.getBoolean("contextvars.stress");

  private Stress() {}

  /** {@code normal}, or {@code stress} when the stress variants run. */
  public static int pick(int normal, int stress) {
    return ENABLED ? stress : normal;
  }
}
