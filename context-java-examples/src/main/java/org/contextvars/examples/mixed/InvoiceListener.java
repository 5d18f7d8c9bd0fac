package org.contextvars.examples.mixed;

/** A Java callback that the Kotlin {@link InvoiceService} calls when an invoice is rendered. */
@FunctionalInterface
public interface InvoiceListener {

  /** Called on the service's callback executor, in a copy of the rendering coroutine's context. */
  void rendered(String document);
}
