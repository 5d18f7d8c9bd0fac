package org.contextvars;

import org.jspecify.annotations.Nullable;

/**
 * Why {@code run}, {@code call} or {@code supply} refused to enter a context: it is already
 * entered, on this thread or by another one, which the message names.
 *
 * <p>A context records its owner as a number made from the thread's id ({@link #ownerMark}), not
 * as a reference to the thread: a reference costs every entry and exit the garbage collector's
 * write barriers, which made {@code supply} a fifth slower under G1 (JMH, {@code
 * SupplyBenchmark}). The owner's name is looked up here instead, on the failure path only.
 */
final class EntryRefusal {

  private EntryRefusal() {}

  /**
   * The number a context holds while {@code thread} owns it: never 0, which means "not entered".
   * Distinct for every thread id below 2^31, so for every thread of any process short of two
   * billion thread starts; a shared number would only make the message below vaguer.
   */
  static int ownerMark(Thread thread) {
    return Integer.MIN_VALUE | (int) thread.getId();
  }

  /** The exception for entering {@code context}, which the thread marked {@code owner} holds. */
  static IllegalStateException alreadyEntered(Context context, ThreadState state, int owner) {
    String by;
    if (state.find(context, true) >= 0) {
      by = " on this thread";
    } else {
      Thread other = liveThreadMarked(owner);
      by = other != null ? " by thread '" + other.getName() + "'" : " by another thread";
    }
    return new IllegalStateException(
        "cannot enter "
            + context.describe()
            + ": it is already entered"
            + by
            + "; run a copy() of it instead");
  }

  /**
   * The one live platform thread, other than the caller, whose mark is {@code mark}; or null when
   * there is none (the owner left meanwhile, or is a virtual thread, which no thread group lists)
   * or more than one.
   */
  private static @Nullable Thread liveThreadMarked(int mark) {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    if (root == null) {
      return null;
    }
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    @Nullable Thread found = null;
    for (int i = 0; i < count; i++) {
      Thread thread = threads[i];
      if (thread != Thread.currentThread() && ownerMark(thread) == mark) {
        if (found != null) {
          return null;
        }
        found = thread;
      }
    }
    return found;
  }
}
