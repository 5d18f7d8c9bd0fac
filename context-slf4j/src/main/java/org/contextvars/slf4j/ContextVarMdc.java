package org.contextvars.slf4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.contextvars.ContextVar;
import org.contextvars.slf4j.internal.Slf4jMdcSlot;
import org.jspecify.annotations.Nullable;

/**
 * Makes chosen {@link ContextVar}s appear in the MDC of every log line: in {@code MDC.get},
 * {@code MDC.getCopyOfContextMap()} and, when SLF4J is bound to Logback, in every event's
 * {@code getMDCPropertyMap()} (so {@code %X{key}}, JSON encoders and async appenders see them).
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
 *
 * ContextVarMdc.install(REQUEST_ID);          // once, at start-up; MDC key = the variable's name
 *
 * ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(8));
 * try (var t = REQUEST_ID.set("r-42")) {
 *   pool.submit(() -> log.info("working"));  // logged with requestId=r-42, no MDC.put anywhere
 * }
 * }</pre>
 *
 * <p>The values are read from the current context each time the MDC is read, never copied into
 * thread-local MDC storage: whatever carries the context (wrapped executors, {@code Context.run},
 * the Kotlin {@code ContextElement}) carries the MDC entries, and a pooled thread shows nothing once
 * its task has finished. For a Logback event the values are taken when the event's MDC is first read,
 * which for asynchronous appenders is on the logging thread, before the event is queued.
 *
 * <p>Cautions:
 * <ul>
 *   <li>One installation at a time: {@link #close()} the previous one before installing another.
 *   <li>Install after SLF4J has found its backend (any {@code LoggerFactory.getLogger} call does it).
 *   <li>SLF4J 2.0.17+ is needed; on the module path, open {@code org.slf4j/org.slf4j} to
 *       {@code org.contextvars.slf4j}, since SLF4J only has a package-private setter for its adapter.
 *   <li>Logback records a "mdcAdapter being reset a second time" warning status when the adapter is
 *       swapped; it is expected.
 *   <li>See {@link ContextVarMdcAdapter} for how bindings, defaults, {@code null} and
 *       {@code MDC.put} on the same key combine.
 * </ul>
 *
 * <p>Thread-safety: {@code install} and {@code close} may be called from any thread; logging threads
 * see the new adapter once the call returns.
 */
public final class ContextVarMdc implements AutoCloseable {
  private static final boolean LOGBACK_PRESENT = isLogbackPresent();
  private static @Nullable ContextVarMdc installed;

  private final ContextVarMdcAdapter slf4jAdapter;
  // Typed Object so that this class loads without Logback: it is a LogbackMdcSlot.
  private final @Nullable Object logbackSlot;

  private ContextVarMdc(ContextVarMdcAdapter slf4jAdapter, @Nullable Object logbackSlot) {
    this.slf4jAdapter = slf4jAdapter;
    this.logbackSlot = logbackSlot;
  }

  /**
   * Exposes each variable under its {@link ContextVar#name()}.
   *
   * @throws IllegalArgumentException when no variable is given or two share a name
   * @throws IllegalStateException when another installation is active
   */
  public static ContextVarMdc install(ContextVar<?>... vars) {
    Objects.requireNonNull(vars, "vars must not be null");
    Map<String, ContextVar<?>> exposed = new LinkedHashMap<>();
    for (ContextVar<?> var : vars) {
      Objects.requireNonNull(var, "a ContextVar to expose in the MDC is null");
      ContextVar<?> clash = exposed.put(var.name(), var);
      if (clash != null) {
        throw new IllegalArgumentException(
            "two ContextVars named '" + var.name() + "' would share one MDC key: use install(Map)");
      }
    }
    return install(exposed);
  }

  /**
   * Exposes each variable under the given MDC key.
   *
   * @throws IllegalArgumentException when the map is empty
   * @throws IllegalStateException when another installation is active, or SLF4J's adapter cannot be
   *     replaced
   */
  public static synchronized ContextVarMdc install(Map<String, ? extends ContextVar<?>> exposed) {
    ContextVarMdc active = installed;
    if (active != null) {
      throw new IllegalStateException(
          "ContextVarMdc is already installed for MDC keys "
              + active.slf4jAdapter.exposed().keySet()
              + ": close() it first");
    }
    ContextVarMdcAdapter slf4jAdapter = new ContextVarMdcAdapter(Slf4jMdcSlot.current(), exposed);
    Slf4jMdcSlot.replace(slf4jAdapter);
    Object logbackSlot = null;
    if (LOGBACK_PRESENT) {
      try {
        logbackSlot = LogbackMdcSlot.installOver(slf4jAdapter, exposed);
      } catch (RuntimeException e) {
        Slf4jMdcSlot.replace(slf4jAdapter.delegate());
        throw e;
      }
    }
    ContextVarMdc installation = new ContextVarMdc(slf4jAdapter, logbackSlot);
    installed = installation;
    return installation;
  }

  private static boolean isLogbackPresent() {
    try {
      Class.forName(
          "ch.qos.logback.classic.LoggerContext", false, ContextVarMdc.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The adapter now behind {@code org.slf4j.MDC}. */
  public ContextVarMdcAdapter adapter() {
    return slf4jAdapter;
  }

  /**
   * Puts back the adapters that were there before {@link #install}. Calling it again does nothing. An
   * adapter that someone else installed in the meantime is left in place.
   */
  @Override
  public void close() {
    synchronized (ContextVarMdc.class) {
      if (installed != this) {
        return;
      }
      if (Slf4jMdcSlot.current() == slf4jAdapter) {
        Slf4jMdcSlot.replace(slf4jAdapter.delegate());
      }
      if (logbackSlot != null) {
        ((LogbackMdcSlot) logbackSlot).restore();
      }
      installed = null;
    }
  }

  @Override
  public String toString() {
    return "ContextVarMdc" + slf4jAdapter.exposed().keySet();
  }
}
