package org.contextvars.examples.spinner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextExecutors;
import org.contextvars.examples.Example;
import org.contextvars.examples.VirtualThreads;

/**
 * Four tasks run at the same time, and each owns one spinner symbol: {@code | / - \}. In every
 * frame a task stores its symbol, waits until the other tasks have stored theirs (the way a request
 * handler waits for I/O while other requests run), then draws the symbol it reads back from a few
 * calls deeper.
 *
 * <p>The same tasks run three times with the same code; only the storage changes. With a static
 * field all tasks share one slot, so in each frame the last task to store wins and the others draw
 * its symbol. With a {@link org.contextvars.ContextVar} each task reads back its own symbol, on a
 * shared thread pool as well as on virtual threads.
 *
 * <p>The tasks move in lockstep (a {@link Phaser}) so that the output is the same on every run: in
 * each frame every store happens before every draw. Without the lockstep the static field would
 * still mix symbols, just not every time.
 */
public final class SpinnerExample implements Example {

  static final String TASKS = "ABCD";
  static final String SYMBOLS = "|/-\\";
  static final int FRAMES = 16;

  @Override
  public String name() {
    return "spinner";
  }

  @Override
  public String summary() {
    return "four tasks, each drawing its own symbol";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("Four tasks run at once, each owning one symbol. Every frame, a task stores");
    out.println("its symbol, waits for the others (like a request waiting for I/O), then");
    out.println("draws the symbol it reads back three calls deeper.");

    ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(TASKS.length()));
    try {
      print(out, "static field, pool of 4 threads", draw(new SymbolStore.StaticField(), pool));
      print(
          out,
          "ContextVar, pool of 4 threads (ContextExecutors.wrap)",
          draw(new SymbolStore.ContextVariable(), pool));
    } finally {
      shutDown(pool);
    }

    String title = "ContextVar, one virtual thread per task";
    Optional<ExecutorService> virtualThreads = VirtualThreads.newPerTaskExecutor();
    if (virtualThreads.isPresent()) {
      ExecutorService perTask = ContextExecutors.wrap(virtualThreads.get());
      try {
        print(out, title, draw(new SymbolStore.ContextVariable(), perTask));
      } finally {
        shutDown(perTask);
      }
    } else {
      out.println();
      out.println(title);
      out.println(
          "  skipped: virtual threads need JDK 21 or later; this is JDK "
              + Runtime.version().feature());
    }

    out.println();
    out.println("A static field is one slot for the whole program: the last task to store wins.");
    out.println("A ContextVar gives every task its own slot, whichever thread runs it.");
  }

  /** Runs the four tasks on {@code executor} and returns what each drew, in task order. */
  static List<String> draw(SymbolStore store, ExecutorService executor) throws Exception {
    Phaser lockstep = new Phaser(TASKS.length());
    List<Future<String>> rows = new ArrayList<>();
    for (int task = 0; task < TASKS.length(); task++) {
      char own = SYMBOLS.charAt(task);
      rows.add(executor.submit(() -> spin(own, store, lockstep)));
    }
    List<String> drawn = new ArrayList<>();
    for (Future<String> row : rows) {
      drawn.add(row.get(1, TimeUnit.MINUTES)); // a safety net against a hung task, not a timing
    }
    return drawn;
  }

  @SuppressWarnings("try") // the scope is there to be closed
  private static String spin(char own, SymbolStore store, Phaser lockstep) {
    StringBuilder row = new StringBuilder();
    try {
      for (int frame = 0; frame < FRAMES; frame++) {
        try (SymbolStore.Scope stored = store.store(own)) {
          lockstep.arriveAndAwaitAdvance(); // every task has stored its symbol
          row.append(drawFrame(store));
          lockstep.arriveAndAwaitAdvance(); // every task has drawn; nobody stores early
        }
      }
    } finally {
      lockstep.arriveAndDeregister(); // a failing task must not leave the others waiting
    }
    return row.toString();
  }

  // Three calls deep, and not one of them has the symbol as a parameter.

  private static char drawFrame(SymbolStore store) {
    return pickGlyph(store);
  }

  private static char pickGlyph(SymbolStore store) {
    return currentSymbol(store);
  }

  private static char currentSymbol(SymbolStore store) {
    return store.load();
  }

  private static void print(PrintStream out, String title, List<String> rows) {
    out.println();
    out.println(title);
    out.printf("  %-4s  %-3s  %-" + FRAMES + "s  %s%n", "task", "own", "drew", "verdict");
    for (int task = 0; task < rows.size(); task++) {
      char own = SYMBOLS.charAt(task);
      String row = rows.get(task);
      long wrong = row.chars().filter(symbol -> symbol != own).count();
      String verdict = wrong == 0 ? "ok" : "WRONG in " + wrong + " of " + FRAMES + " frames";
      out.printf("  %-4s  %-3s  %s  %s%n", TASKS.charAt(task), own, row, verdict);
    }
  }

  private static void shutDown(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the example's threads did not stop: " + executor);
    }
  }
}
