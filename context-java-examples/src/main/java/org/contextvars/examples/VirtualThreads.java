package org.contextvars.examples;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads, when the running JDK has them.
 *
 * <p>The examples compile for Java 17, where {@code Executors.newVirtualThreadPerTaskExecutor()}
 * does not exist yet, so it is looked up at run time: on JDK 21 and later the examples also run on
 * virtual threads; on older JDKs they say so and skip that part.
 */
public final class VirtualThreads {

  private VirtualThreads() {}

  /** A new executor that starts one virtual thread per task, or empty before JDK 21. */
  public static Optional<ExecutorService> newPerTaskExecutor() {
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException beforeJdk21) {
      return Optional.empty();
    }
    try {
      return Optional.of((ExecutorService) factory.invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a virtual-thread executor", e);
    }
  }
}
