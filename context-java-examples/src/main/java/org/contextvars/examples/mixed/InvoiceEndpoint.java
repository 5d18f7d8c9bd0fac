package org.contextvars.examples.mixed;

import static org.contextvars.examples.mixed.RequestVars.REQUEST_ID;
import static org.contextvars.examples.mixed.RequestVars.TENANT;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextVar;
import org.contextvars.Token;

/**
 * The Java side: a request handler that binds the tenant and the request id, then asks the Kotlin
 * {@link InvoiceService} for an invoice through its {@code CompletableFuture} facade. Neither value
 * is passed to the service; the coroutine behind the future finds them in its context.
 */
public final class InvoiceEndpoint {

  private final InvoiceService invoices;

  public InvoiceEndpoint(InvoiceService invoices) {
    this.invoices = invoices;
  }

  /**
   * Handles one request on the calling thread and returns the name of the rendered document. The
   * calling thread's context is as it was before when this returns.
   *
   * @throws IllegalStateException if the call changed this thread's tenant or request id
   */
  @SuppressWarnings("try") // the tokens are there to be closed
  public String handle(String tenant, String requestId, String invoice, StepTable steps)
      throws Exception {
    try (Token<String> tenantToken = TENANT.set(tenant);
        Token<String> requestIdToken = REQUEST_ID.set(requestId)) {
      steps.print("Java caller, before the call");

      InvoiceListener listener = document -> steps.print("  Java callback");
      CompletableFuture<String> document = invoices.renderAsync(invoice, steps, listener);
      String name = document.get(1, TimeUnit.MINUTES); // a safety net, not a timing

      steps.print("Java caller, after the call");
      // The coroutine set REQUEST_ID in its own context, never in this thread's.
      requireUnchanged(TENANT, tenant);
      requireUnchanged(REQUEST_ID, requestId);
      return name;
    }
  }

  private static void requireUnchanged(ContextVar<String> var, String expected) {
    String actual = var.get();
    if (!actual.equals(expected)) {
      throw new IllegalStateException(
          var.name() + " is '" + actual + "' after the call; it was '" + expected + "'");
    }
  }
}
