package org.contextvars.log4j2;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.contextvars.ContextVar;
import org.contextvars.log4j2.internal.Exposure;

/**
 * Makes chosen {@link ContextVar}s appear in the context data of every Log4j 2 event ({@code
 * %X{key}} in a pattern, the {@code mdc} resolver of {@code JsonTemplateLayout}, any appender that
 * reads {@code LogEvent.getContextData()}), with asynchronous loggers and appenders too.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
 *
 * ContextVarContextData.install(REQUEST_ID);   // once, at start-up; key = the variable's name
 *
 * ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(8));
 * try (var t = REQUEST_ID.set("r-42")) {
 *   pool.submit(() -> log.info("working"));   // %X{requestId} prints r-42; no ThreadContext.put
 * }
 * }</pre>
 *
 * <p>Log4j 2 asks its {@code ContextDataProvider}s for context data whenever it creates an event, on
 * the logging thread, also before an asynchronous logger or appender hands the event to its own
 * thread. {@link ContextVarDataProvider}, registered through {@code ServiceLoader}, answers with the
 * bindings of the context current at that moment. Nothing is stored per thread: whatever makes a
 * context current (a wrapped executor, {@code Context.run}, the Kotlin {@code ContextElement}) makes
 * its values appear, and a pooled thread shows none once its task has finished.
 *
 * <p>Rules: only bindings appear (an unbound variable with a default shows nothing); a bound value is
 * shown as {@link String#valueOf(Object)} (a {@code toString} that throws shows {@code [FAILED
 * toString()]}, as in SLF4J's message formatting, and the log call goes on); a bound {@code null}
 * shows nothing.
 *
 * <p>Cautions:
 * <ul>
 *   <li>One installation at a time: {@link #close()} the previous one before installing another.
 *   <li>Log4j 2.24 or later; Log4j merges its providers in class path order, so do not use an exposed
 *       key with {@code ThreadContext.put} as well: which value an event shows is then up to that
 *       order.
 *   <li>Every event pays for one small map per event while this is installed, even when no variable
 *       is bound (Log4j merges the maps of all its providers).
 * </ul>
 *
 * <p>Thread-safety: {@code install} and {@code close} may be called from any thread; events created
 * after the call returns use the new set.
 */
public final class ContextVarContextData implements AutoCloseable {
  private final Exposure exposure;

  private ContextVarContextData(Exposure exposure) {
    this.exposure = exposure;
  }

  /**
   * Exposes each variable under its {@link ContextVar#name()}.
   *
   * @throws IllegalArgumentException when no variable is given or two share a name
   * @throws IllegalStateException when another installation is active
   */
  public static ContextVarContextData install(ContextVar<?>... vars) {
    Objects.requireNonNull(vars, "vars must not be null");
    Map<String, ContextVar<?>> exposed = new LinkedHashMap<>();
    for (ContextVar<?> var : vars) {
      Objects.requireNonNull(var, "a ContextVar to expose in Log4j's context data is null");
      ContextVar<?> clash = exposed.put(var.name(), var);
      if (clash != null) {
        throw new IllegalArgumentException(
            "two ContextVars named '" + var.name() + "' would share one key: use install(Map)");
      }
    }
    return install(exposed);
  }

  /**
   * Exposes each variable under the given key.
   *
   * @throws IllegalArgumentException when the map is empty
   * @throws IllegalStateException when another installation is active
   */
  public static ContextVarContextData install(Map<String, ? extends ContextVar<?>> exposed) {
    Exposure exposure = Exposure.of(exposed);
    synchronized (ContextVarContextData.class) {
      Exposure active = Exposure.active();
      if (active != null) {
        throw new IllegalStateException(
            "ContextVarContextData is already installed for keys " + active + ": close() it first");
      }
      Exposure.swap(exposure);
    }
    return new ContextVarContextData(exposure);
  }

  /** Key to variable, in the order given (an unmodifiable copy). */
  public Map<String, ContextVar<?>> exposed() {
    return exposure.asMap();
  }

  /** Stops showing the variables. Calling it again does nothing. */
  @Override
  public void close() {
    synchronized (ContextVarContextData.class) {
      if (Exposure.active() == exposure) {
        Exposure.swap(null);
      }
    }
  }

  @Override
  public String toString() {
    return "ContextVarContextData" + exposure;
  }
}
