package org.contextvars;

import java.util.concurrent.Executor;

/** Runs each task in a copy of the submitter's context. */
final class ContextPropagatingExecutor implements Executor {

  private final Executor delegate;

  ContextPropagatingExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(ContextPropagatingExecutorService.capture(command));
  }

  @Override
  public String toString() {
    return "ContextPropagatingExecutor(" + delegate + ")";
  }
}
