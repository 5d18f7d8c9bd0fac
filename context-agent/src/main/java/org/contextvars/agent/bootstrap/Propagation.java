package org.contextvars.agent.bootstrap;

import java.util.concurrent.Callable;

/**
 * What instrumented JDK code needs from the context library, seen from the bootstrap class loader.
 *
 * <p>The JDK's own classes cannot see the application's {@code org.contextvars} classes, so they
 * talk to this interface, which the bootstrap loader can see; the agent installs the one
 * implementation, which lives beside the application's copy of the core. Snapshots travel as
 * {@code Object}s that only that implementation looks into.
 *
 * <p>Cautions: not for applications. Every method must be cheap and must never throw for a task it
 * cannot handle: it hands the task back unchanged instead.
 */
public interface Propagation {

  /** {@code task}, made to run in a copy of the caller's context, or {@code task} when it already does. */
  Runnable bind(Runnable task);

  /** Like {@link #bind(Runnable)}, for a task with a result. */
  <V> Callable<V> bind(Callable<V> task);

  /**
   * A {@code CompletableFuture} stage function bound to the caller's context; {@code kind} says
   * which functional interface it is ({@link StageKinds}).
   */
  Object bindStage(Object function, int kind);

  /** Whether {@code task} already runs in a context of its own (a wrapped fork/join task, say). */
  boolean isBound(Object task);

  /** A snapshot of the caller's context, for one later {@link #enter}. */
  Object capture();

  /** Makes {@code snapshot} current on this thread; returns what {@link #exit} needs. */
  Object enter(Object snapshot);

  /** Leaves what {@link #enter} entered: the thread's previous context is current again. */
  void exit(Object entered);

  /** Runs {@code action} in a fresh copy of {@code snapshot}. */
  void runIn(Object snapshot, Runnable action);
}
