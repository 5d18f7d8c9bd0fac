package org.contextvars.slf4j;

import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.contextvars.ContextVar;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.MDCAdapter;

/**
 * The overlay installed in the Logback {@link LoggerContext} that SLF4J logs to. Logback events ask
 * their context for the MDC, not {@code org.slf4j.MDC}, so the overlay must be installed here too, as
 * a {@link LogbackEventMdc}.
 *
 * <p>This class names Logback types: touch it only when Logback is on the class path.
 */
final class LogbackMdcSlot {
  private final LoggerContext context;
  private final MDCAdapter previous;
  private final MDCAdapter overlay;

  private LogbackMdcSlot(LoggerContext context, MDCAdapter previous, MDCAdapter overlay) {
    this.context = context;
    this.previous = previous;
    this.overlay = overlay;
  }

  /**
   * Installs the overlay in SLF4J's Logback context; null when SLF4J is bound to another backend or
   * the context has no adapter to overlay.
   */
  static @Nullable LogbackMdcSlot installOver(
      ContextVarMdcAdapter slf4jOverlay, Map<String, ? extends ContextVar<?>> exposed) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext)) {
      return null;
    }
    LoggerContext context = (LoggerContext) factory;
    MDCAdapter previous = context.getMDCAdapter();
    if (previous == null) {
      return null;
    }
    // Normally Logback's context and org.slf4j.MDC share one adapter: keep them sharing its entries.
    MDCAdapter overlay =
        new LogbackEventMdc(
            previous == slf4jOverlay.delegate()
                ? slf4jOverlay
                : new ContextVarMdcAdapter(previous, exposed));
    context.setMDCAdapter(overlay);
    return new LogbackMdcSlot(context, previous, overlay);
  }

  /** Puts the previous adapter back, unless someone replaced the overlay in the meantime. */
  void restore() {
    if (context.getMDCAdapter() == overlay) {
      context.setMDCAdapter(previous);
    }
  }
}
