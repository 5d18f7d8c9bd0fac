package org.contextvars.examples.requestid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.examples.requestid.RequestId.HEADER;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.contextvars.examples.CapturedLogs;
import org.contextvars.examples.NamedThreads;
import org.contextvars.examples.Printed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.contextvars.Context;
import org.contextvars.testing.PoolProbe;

class RequestIdExampleTest {

  private static final int THREADS = 8;
  private static final Pattern GENERATED = Pattern.compile("gen-[0-9]{4}");

  /** {@code [id] order n: what happened}, as {@link RequestLog} writes it. */
  private static final Pattern LOG_LINE = Pattern.compile("\\[(.+)] order ([0-9]+): (.+)");

  private final ExecutorService requestThreads =
      Executors.newFixedThreadPool(THREADS, new NamedThreads("http"));
  private final ExecutorService workerThreads =
      Executors.newFixedThreadPool(THREADS, new NamedThreads("work"));
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void forgetEarlierLogs() {
    CapturedLogs.clear();
  }

  @AfterEach
  void stopPools() throws InterruptedException {
    for (ExecutorService pool : List.of(requestThreads, workerThreads)) {
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  @Test
  void printsEachRequestsOwnIdInEveryColumnAndLogsItOnEveryLine() throws Exception {
    List<String> printed = Printed.by(new RequestIdExample());

    List<String> table =
        Printed.section(printed, "Responses (the id in the header, then the id each step saw):");
    assertThat(table.get(0).trim().split("\\s+"))
        .containsExactly("path", HEADER, "handler", "stock", "audit", "pricing", "tax");
    Map<Integer, String> idByOrder = new HashMap<>();
    for (String row : table.subList(1, table.size())) {
      String[] cells = row.trim().split("\\s+");
      assertThat(cells).as(row).hasSize(7);
      assertThat(List.of(cells).subList(2, 7)).as(row).containsOnly(cells[1]);
      idByOrder.put(Integer.parseInt(cells[0].substring("/orders/".length())), cells[1]);
    }
    assertThat(idByOrder).containsEntry(1, "shop-101").containsEntry(2, "shop-102").hasSize(3);
    assertThat(idByOrder.get(3)).matches(GENERATED);

    assertLogLinesMatch(idByOrder);
  }

  @Test
  void twoHundredConcurrentRequestsEachSeeOnlyTheirOwnIdOnEveryThread() throws Exception {
    Map<Integer, String> idByOrder = new HashMap<>();
    try (OrderServer server = OrderServer.start(requestThreads, workerThreads)) {
      Map<Integer, CompletableFuture<HttpResponse<String>>> responses = new HashMap<>();
      for (int order = 0; order < 200; order++) {
        // Half bring their own id; the other half get one from the filter.
        String id = order % 2 == 0 ? "t-" + order : null;
        responses.put(order, RequestIdExample.send(client, server, "/orders/" + order, id));
      }
      for (Map.Entry<Integer, CompletableFuture<HttpResponse<String>>> entry :
          responses.entrySet()) {
        int order = entry.getKey();
        HttpResponse<String> response = entry.getValue().get(1, TimeUnit.MINUTES);
        assertThat(response.statusCode()).as("order %d: %s", order, response.body()).isEqualTo(200);
        String id = response.headers().firstValue(HEADER).orElseThrow();
        if (order % 2 == 0) {
          assertThat(id).isEqualTo("t-" + order);
        } else {
          assertThat(id).matches(GENERATED);
        }
        assertThat(RequestIdExample.idsByStep(response.body()))
            .as("order %d", order)
            .containsOnlyKeys(RequestIdExample.STEPS)
            .allSatisfy((step, seen) -> assertThat(seen).as(step).isEqualTo(id));
        idByOrder.put(order, id);
      }
    }
    assertThat(new HashSet<>(idByOrder.values())).as("distinct ids").hasSize(200);
    assertLogLinesMatch(idByOrder);
    assertPoolThreadsLeftEmpty();
  }

  @Test
  void anUnsafeHeaderIsReplacedByAGeneratedId() throws Exception {
    try (OrderServer server = OrderServer.start(requestThreads, workerThreads)) {
      HttpResponse<String> response =
          RequestIdExample.send(client, server, "/orders/5", "x<script>").get(1, TimeUnit.MINUTES);
      String id = response.headers().firstValue(HEADER).orElseThrow();
      assertThat(id).matches(GENERATED);
      assertThat(RequestIdExample.idsByStep(response.body()))
          .containsOnly(
              Map.entry("handler", id),
              Map.entry("stock", id),
              Map.entry("audit", id),
              Map.entry("pricing", id),
              Map.entry("tax", id));
    }
    assertPoolThreadsLeftEmpty();
  }

  @Test
  void anUnknownPathGetsA404AndLeavesNothingOnTheRequestThread() throws Exception {
    try (OrderServer server = OrderServer.start(requestThreads, workerThreads)) {
      HttpResponse<String> response =
          RequestIdExample.send(client, server, "/orders/x", "t-404").get(1, TimeUnit.MINUTES);
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue(HEADER)).contains("t-404");
    }
    assertPoolThreadsLeftEmpty();
  }

  @Test
  void logLinesOutsideAnyRequestSaySo() {
    RequestLog.of(RequestIdExampleTest.class).info("order 0: nothing to do");

    assertThat(CapturedLogs.lines())
        .extracting(CapturedLogs.Line::message)
        .containsExactly("[no request] order 0: nothing to do");
  }

  /**
   * Every log line names its order explicitly and its request id through the context: the two must
   * agree. Each order logs each step once, and the handed-off steps run on worker threads.
   */
  private static void assertLogLinesMatch(Map<Integer, String> idByOrder) {
    List<CapturedLogs.Line> lines = new ArrayList<>();
    for (CapturedLogs.Line line : CapturedLogs.lines()) {
      if (line.logger().startsWith(RequestIdExample.class.getPackageName())) {
        lines.add(line);
      }
    }
    assertThat(lines).hasSize(idByOrder.size() * 5);
    Map<Integer, Set<String>> messagesByOrder = new HashMap<>();
    for (CapturedLogs.Line line : lines) {
      Matcher parts = LOG_LINE.matcher(line.message());
      assertThat(parts.matches()).as(line.message()).isTrue();
      int order = Integer.parseInt(parts.group(2));
      assertThat(parts.group(1)).as(line.message()).isEqualTo(idByOrder.get(order));
      String step = parts.group(3);
      String expectedThread =
          step.equals("received") || step.equals("stock reserved") ? "http-" : "work-";
      assertThat(line.thread()).as(line.message()).startsWith(expectedThread);
      messagesByOrder.computeIfAbsent(order, o -> new HashSet<>()).add(step);
    }
    assertThat(messagesByOrder.keySet()).isEqualTo(idByOrder.keySet());
    assertThat(messagesByOrder.values().stream().collect(Collectors.toSet()))
        .containsExactly(
            Set.of(
                "received",
                "stock reserved",
                "audit entry written",
                "price computed",
                "tax added"));
  }

  private void assertPoolThreadsLeftEmpty() throws Exception {
    assertThat(PoolProbe.onEveryThread(requestThreads, THREADS, Context::copyCurrent))
        .allSatisfy(left -> assertThat(left.toMap()).isEmpty());
    assertThat(PoolProbe.onEveryThread(workerThreads, THREADS, Context::copyCurrent))
        .allSatisfy(left -> assertThat(left.toMap()).isEmpty());
  }
}
