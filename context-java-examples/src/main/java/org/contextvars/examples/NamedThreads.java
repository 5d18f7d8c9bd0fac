package org.contextvars.examples;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names pool threads {@code prefix-1}, {@code prefix-2}, ... so that printed lines show which
 * thread did the work.
 */
public final class NamedThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  public NamedThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    return new Thread(task, prefix + "-" + count.incrementAndGet());
  }
}
