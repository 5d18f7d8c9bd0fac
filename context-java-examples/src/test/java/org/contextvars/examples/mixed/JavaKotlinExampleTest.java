package org.contextvars.examples.mixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.examples.CoroutineWorkers;
import org.contextvars.examples.Printed;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;

class JavaKotlinExampleTest {

  private static final String HEADER =
      "step                           thread                      tenant  request id";

  /**
   * One row of the table. The thread may carry a " @coroutine#7" suffix: kotlinx.coroutines adds
   * it in debug mode, which it turns on when assertions are enabled, as they are under test.
   */
  private static final Pattern ROW =
      Pattern.compile("(.{30}) (\\S+(?: @\\S+)?) +(\\S+) +(\\S+)");

  /** What one step saw. */
  private record Seen(String step, String tenant, String requestId) {}

  /** Every step of one call, in order, with the values it must see. */
  private static List<Seen> expected(String tenant, String requestId) {
    String changed = requestId + "/pdf";
    return List.of(
        new Seen("Java caller, before the call", tenant, requestId),
        new Seen("Kotlin coroutine starts", tenant, requestId),
        new Seen("  withContext(Dispatchers.IO)", tenant, requestId),
        new Seen("  withContext(renderPool)", tenant, requestId),
        new Seen("  after REQUEST_ID.set", tenant, changed),
        new Seen("  back from withContext", tenant, changed),
        new Seen("  child launched before set", tenant, requestId),
        new Seen("  child launched after set", tenant, changed),
        new Seen("  Java callback", tenant, changed),
        new Seen("Kotlin coroutine returns", tenant, changed),
        new Seen("Java caller, after the call", tenant, requestId));
  }

  @Test
  void eachStepPrintsTheValuesItSeesAndTheCallerEndsWithItsOwn() throws Exception {
    List<String> printed = Printed.by(new JavaKotlinExample());

    List<String> table = Printed.section(printed, HEADER);
    assertThat(table)
        .map(JavaKotlinExampleTest::seen)
        .containsExactlyElementsOf(expected("acme", "r-17"));
    assertThat(printed.size()).as("fits on one screen").isLessThanOrEqualTo(24);
    assertThat(printed.subList(printed.size() - 4, printed.size()))
        .containsExactly(
            "",
            "The coroutine kept the caller's values on every thread. Its new request id",
            "reached its later steps, the child started after the change and the Java",
            "callback, but not the child started before it, nor the Java caller.");
  }

  @Test
  void theStepsRunOnTheThreadsTheyClaimAndTheColumnsLineUp() throws Exception {
    List<String> table = Printed.section(Printed.by(new JavaKotlinExample()), HEADER);

    assertThat(thread(table, "Java caller, before the call")).isEqualTo("request-1");
    assertThat(thread(table, "Java caller, after the call")).isEqualTo("request-1");
    assertThat(thread(table, "  withContext(Dispatchers.IO)")).startsWith("DefaultDispatcher-");
    assertThat(thread(table, "  withContext(renderPool)")).startsWith("render-");
    assertThat(thread(table, "  after REQUEST_ID.set")).startsWith("render-");
    assertThat(thread(table, "  Java callback")).isEqualTo("callback-1");
    for (String row : table) {
      if (!row.contains(" @")) { // a debug-mode suffix widens the thread column
        assertThat(row.indexOf(" acme ") + 1).as(row).isEqualTo(HEADER.indexOf("tenant"));
        assertThat(row.indexOf(" r-17") + 1).as(row).isEqualTo(HEADER.indexOf("request id"));
      }
    }
  }

  @Test
  void twoHundredConcurrentJavaCallersSeeOnlyTheirOwnValuesAndLeaveEveryThreadClean()
      throws Exception {
    int callers = 200;
    ExecutorService callerThreads = Executors.newFixedThreadPool(16);
    ExecutorService renderThreads = Executors.newFixedThreadPool(2);
    ExecutorService callbackThreads = Executors.newFixedThreadPool(2);
    List<ByteArrayOutputStream> outputs = new ArrayList<>();
    List<Future<String>> documents = new ArrayList<>();
    try (InvoiceService invoices =
        new InvoiceService(renderThreads, ContextExecutors.wrap(callbackThreads))) {
      InvoiceEndpoint endpoint = new InvoiceEndpoint(invoices);
      for (int i = 0; i < callers; i++) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        outputs.add(bytes);
        StepTable steps = new StepTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String tenant = "tenant-" + i;
        String requestId = "r-" + i;
        String invoice = "INV-" + i;
        // Plain pool threads: each caller binds the values in the thread's own context, and its
        // tokens must take them out again.
        documents.add(
            callerThreads.submit(() -> endpoint.handle(tenant, requestId, invoice, steps)));
      }
      for (int i = 0; i < callers; i++) {
        assertThat(documents.get(i).get(1, TimeUnit.MINUTES))
            .isEqualTo("tenant-" + i + "/INV-" + i + ".pdf");
      }

      assertThat(PoolProbe.onEveryThread(callerThreads, 16, Context::copyCurrent)).allSatisfy(JavaKotlinExampleTest::empty);
      assertThat(PoolProbe.onEveryThread(renderThreads, 2, Context::copyCurrent)).allSatisfy(JavaKotlinExampleTest::empty);
      assertThat(PoolProbe.onEveryThread(callbackThreads, 2, Context::copyCurrent)).allSatisfy(JavaKotlinExampleTest::empty);
      assertThat(CoroutineWorkers.contexts()).allSatisfy(JavaKotlinExampleTest::empty);
    } finally {
      for (ExecutorService pool : List.of(callerThreads, renderThreads, callbackThreads)) {
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      }
    }

    for (int i = 0; i < callers; i++) {
      List<String> table = outputs.get(i).toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(table)
          .as("the steps of caller %d", i)
          .map(JavaKotlinExampleTest::seen)
          .containsExactlyElementsOf(expected("tenant-" + i, "r-" + i));
    }
  }

  private static Seen seen(String row) {
    Matcher parts = ROW.matcher(row);
    assertThat(parts.matches())
        .as("'%s' reads like 'step  thread  tenant  request-id'", row)
        .isTrue();
    return new Seen(parts.group(1).stripTrailing(), parts.group(3), parts.group(4));
  }

  private static String thread(List<String> table, String step) {
    for (String row : table) {
      Matcher parts = ROW.matcher(row);
      if (parts.matches() && parts.group(1).stripTrailing().equals(step)) {
        return parts.group(2);
      }
    }
    throw new AssertionError("no step '" + step + "' in:\n" + String.join("\n", table));
  }

  private static void empty(Context left) {
    assertThat(left.toMap()).isEmpty();
  }
}
