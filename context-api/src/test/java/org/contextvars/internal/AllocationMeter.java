package org.contextvars.internal;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.reflect.Method;

/**
 * Counts the heap bytes the calling thread allocates while running an action.
 *
 * <p>Reaches {@code com.sun.management.ThreadMXBean} reflectively: the module under test does not
 * read the management modules, and should not have to for a test.
 */
final class AllocationMeter {

  private AllocationMeter() {}

  /**
   * The bytes {@code action} allocates on this thread, measured on its second run so that class
   * loading and other first-call work do not count. Includes a few dozen bytes of the reflective
   * reads themselves. Skips the test when the JVM cannot tell.
   */
  static long bytesAllocatedBy(Runnable action) {
    Object threads;
    Method allocatedBytes;
    try {
      threads =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      Class<?> beanType = Class.forName("com.sun.management.ThreadMXBean");
      assumeThat(beanType.isInstance(threads)).as("thread allocation counters").isTrue();
      boolean enabled =
          (Boolean) beanType.getMethod("isThreadAllocatedMemorySupported").invoke(threads)
              && (Boolean) beanType.getMethod("isThreadAllocatedMemoryEnabled").invoke(threads);
      assumeThat(enabled).as("thread allocation counters enabled").isTrue();
      allocatedBytes = beanType.getMethod("getCurrentThreadAllocatedBytes");
      for (int i = 0; i < 3; i++) {
        allocatedBytes.invoke(threads);
      }
      action.run();
      long before = (Long) allocatedBytes.invoke(threads);
      action.run();
      long after = (Long) allocatedBytes.invoke(threads);
      return after - before;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read thread allocation counters", e);
    }
  }
}
