package org.contextvars;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs a test body on a thread of its own, so that it starts from per-thread state no earlier test
 * grew, and leaves none behind on the test thread.
 */
final class FreshThread {

  private FreshThread() {}

  /** Applies {@code body} to {@code argument} on a new thread; returns its result or rethrows. */
  static <R> R apply(int argument, IntFunction<R> body) throws InterruptedException {
    AtomicReference<R> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.set(body.apply(argument));
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    thread.start();
    thread.join();
    Throwable thrown = failure.get();
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
    if (thrown != null) {
      throw new AssertionError("the body threw", thrown);
    }
    return result.get();
  }
}
