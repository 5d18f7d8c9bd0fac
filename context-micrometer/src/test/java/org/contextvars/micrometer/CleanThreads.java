package org.contextvars.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.micrometer.internal.ScopeStack;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test must start and end on a thread whose current context is empty and that has no scope left
 * open; {@link #state()} is what pool probes report for their threads.
 */
final class CleanThreads implements BeforeEachCallback, AfterEachCallback {

  /** What a thread holds now: its bindings and the number of scopes still open on it. */
  record ThreadState(String thread, Map<ContextVar<?>, ?> bindings, int openScopes) {
    boolean isClean() {
      return bindings.isEmpty() && openScopes == 0;
    }
  }

  static ThreadState state() {
    return new ThreadState(
        Thread.currentThread().getName(), Context.copyCurrent().toMap(), ScopeStack.get().depth());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    assertThat(state().isClean()).as("test thread before the test: %s", state()).isTrue();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ThreadState left = state();
    // Clear it first, so one leaking test fails alone instead of every test after it.
    discardThreadState();
    assertThat(left.isClean()).as("test thread after the test: %s", left).isTrue();
  }

  /** Starts the thread over with an empty context and no open scope, through the core's test hook. */
  static void discardThreadState() {
    try {
      Class<?> type = Class.forName("org.contextvars.ThreadState");
      java.lang.reflect.Method get = type.getDeclaredMethod("get");
      java.lang.reflect.Method discardAll = type.getDeclaredMethod("discardAll");
      get.setAccessible(true);
      discardAll.setAccessible(true);
      discardAll.invoke(get.invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot reset the thread's context state", e);
    }
  }
}
