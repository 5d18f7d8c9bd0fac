package org.contextvars.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Every {@link ThreadLeftovers} check: the core's, then those the module's tests register. */
final class Leftovers {

  static final List<ThreadLeftovers> ALL = load();

  private Leftovers() {}

  private static List<ThreadLeftovers> load() {
    List<ThreadLeftovers> all = new ArrayList<>();
    all.add(new ContextLeftovers());
    for (ThreadLeftovers registered : ServiceLoader.load(ThreadLeftovers.class)) {
      all.add(registered);
    }
    return List.copyOf(all);
  }

  /** What the calling thread holds, every check together, or the empty string. */
  static String onThisThread() {
    StringBuilder found = new StringBuilder();
    for (ThreadLeftovers check : ALL) {
      String held = check.describe();
      if (!held.isEmpty()) {
        found.append(found.length() == 0 ? "" : "; ").append(held);
      }
    }
    return found.toString();
  }

  static void clearThisThread() {
    for (ThreadLeftovers check : ALL) {
      check.clear();
    }
  }
}
