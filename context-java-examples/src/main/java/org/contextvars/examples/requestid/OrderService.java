package org.contextvars.examples.requestid;

import static org.contextvars.examples.requestid.RequestId.seenBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Handles one order in five steps, on three or more threads. Each step logs a line and reports
 * which request id it saw; none of them is given the id.
 */
final class OrderService {

  private static final RequestLog log = RequestLog.of(OrderService.class);

  private final Inventory inventory = new Inventory();

  /** Must be a {@code ContextExecutors} wrapper, so that tasks run in the submitter's context. */
  private final ExecutorService workers;

  OrderService(ExecutorService workers) {
    this.workers = workers;
  }

  /** The response body: one {@code "step id"} line per step. */
  String handle(int order) throws Exception {
    log.info("order " + order + ": received");
    String handler = seenBy("handler");

    String stockStep = inventory.reserve(order); // two calls deeper, same thread

    String auditStep = workers.submit(() -> audit(order)).get(); // a worker thread

    // thenApplyAsync hands its step to the wrapper when the step before completes: from a worker
    // that already runs in this request's context, or from this thread. Either way, the same id.
    String pricingSteps =
        CompletableFuture.supplyAsync(() -> price(order), workers) // a worker thread
            .thenApplyAsync(priced -> priced + "\n" + addTax(order), workers) // maybe another
            .join();

    return String.join("\n", handler, stockStep, auditStep, pricingSteps) + "\n";
  }

  private static String audit(int order) {
    log.info("order " + order + ": audit entry written");
    return seenBy("audit");
  }

  private static String price(int order) {
    log.info("order " + order + ": price computed");
    return seenBy("pricing");
  }

  private static String addTax(int order) {
    log.info("order " + order + ": tax added");
    return seenBy("tax");
  }

  /** Stands in for the layers between a handler and a database. */
  private static final class Inventory {

    private static final RequestLog log = RequestLog.of(Inventory.class);

    String reserve(int order) {
      return lookUpStock(order);
    }

    private String lookUpStock(int order) {
      log.info("order " + order + ": stock reserved");
      return seenBy("stock");
    }
  }
}
