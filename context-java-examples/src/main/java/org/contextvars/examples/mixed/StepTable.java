package org.contextvars.examples.mixed;

import static org.contextvars.examples.mixed.RequestVars.REQUEST_ID;
import static org.contextvars.examples.mixed.RequestVars.TENANT;

import java.io.PrintStream;

/**
 * Prints one row per step: its name, the thread it runs on, and the tenant and request id it reads
 * from the context at that moment. Nobody passes it the values: it reads them itself, from Java or
 * from Kotlin.
 *
 * <p>Thread-safety: rows may be printed from any thread; each row is printed whole.
 */
public final class StepTable {

  private static final String ROW = "%-30s %-27s %-7s %s%n";
  private static final String UNBOUND = "-";

  private final PrintStream out;

  public StepTable(PrintStream out) {
    this.out = out;
  }

  public void printHeader() {
    out.printf(ROW, "step", "thread", "tenant", "request id");
  }

  /** Prints {@code step} with what the calling thread or coroutine sees now. */
  public void print(String step) {
    out.printf(
        ROW,
        step,
        Thread.currentThread().getName(),
        TENANT.orElse(UNBOUND),
        REQUEST_ID.orElse(UNBOUND));
  }
}
