package org.contextvars.agent.bootstrap;

/**
 * The functional interfaces of {@code CompletableFuture} stage methods, as constants that the
 * instrumentation compiles into each instrumented method.
 */
public final class StageKinds {
  public static final int FUNCTION = 0;
  public static final int BI_FUNCTION = 1;
  public static final int CONSUMER = 2;
  public static final int BI_CONSUMER = 3;
  public static final int RUNNABLE = 4;
  public static final int SUPPLIER = 5;

  private StageKinds() {}
}
