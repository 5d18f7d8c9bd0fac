package org.contextvars.micrometer;

import org.contextvars.testing.PoolProbe;

/** What a thread holds, as a pool or scheduler probe reports it. */
final class CleanThreads {

  private CleanThreads() {}

  /** A thread's name and what it holds (bindings, open frames and scopes), empty when clean. */
  record ThreadState(String thread, String leftovers) {
    boolean isClean() {
      return leftovers.isEmpty();
    }
  }

  static ThreadState state() {
    return new ThreadState(Thread.currentThread().getName(), PoolProbe.leftoversOnThisThread());
  }
}
