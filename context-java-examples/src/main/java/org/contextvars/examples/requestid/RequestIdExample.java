package org.contextvars.examples.requestid;

import static org.contextvars.examples.requestid.RequestId.HEADER;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.examples.Example;
import org.contextvars.examples.NamedThreads;
import org.jspecify.annotations.Nullable;

/**
 * A request id travels through a real HTTP server without being passed as an argument.
 *
 * <p>{@link RequestIdFilter} sets {@code REQUEST_ID} once per request. Below it, {@link
 * OrderService} logs from the request thread, from a method two calls deeper, from a task handed to
 * a worker pool, and from the steps of a {@code CompletableFuture} chain: every log line and every
 * step of the response shows the id of its own request, while three requests run at once on shared,
 * pooled threads.
 *
 * <p>The worker pool is wrapped with {@code ContextExecutors.wrap}; without the wrapper the worker
 * steps would see no request id at all.
 */
public final class RequestIdExample implements Example {

  static final List<String> STEPS = List.of("handler", "stock", "audit", "pricing", "tax");

  @Override
  public String name() {
    return "request-id";
  }

  @Override
  public String summary() {
    return "a request id reaches every log line, on every thread";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    ExecutorService requestThreads = Executors.newFixedThreadPool(4, new NamedThreads("http"));
    ExecutorService workerThreads = Executors.newFixedThreadPool(4, new NamedThreads("work"));
    ExecutorService clientThreads = Executors.newFixedThreadPool(2, new NamedThreads("client"));
    try (OrderServer server = OrderServer.start(requestThreads, workerThreads)) {
      out.println("An HTTP server on 127.0.0.1 with 4 request threads and 4 worker threads.");
      out.println("Three requests arrive at once; two bring an " + HEADER + " header.");
      out.println();
      out.println("Log (each line reads the id from REQUEST_ID; no method has it as a parameter):");
      out.flush();

      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(clientThreads)
              .build();
      Map<String, CompletableFuture<HttpResponse<String>>> responses = new LinkedHashMap<>();
      responses.put("/orders/1", send(client, server, "/orders/1", "shop-101"));
      responses.put("/orders/2", send(client, server, "/orders/2", "shop-102"));
      responses.put("/orders/3", send(client, server, "/orders/3", null));
      CompletableFuture.allOf(responses.values().toArray(new CompletableFuture<?>[0])).join();

      out.println();
      out.println("Responses (the id in the header, then the id each step saw):");
      List<String> columns = new ArrayList<>(List.of("path", HEADER));
      columns.addAll(STEPS);
      printRow(out, columns);
      for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> entry :
          responses.entrySet()) {
        HttpResponse<String> response = entry.getValue().join();
        List<String> row = new ArrayList<>();
        row.add(entry.getKey());
        row.add(response.headers().firstValue(HEADER).orElse("(none)"));
        row.addAll(idsByStep(response.body()).values());
        printRow(out, row);
      }
    } finally {
      for (ExecutorService pool : List.of(requestThreads, workerThreads, clientThreads)) {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
    out.println();
    out.println("The filter set the id once per request; every step found it, on any thread.");
  }

  static CompletableFuture<HttpResponse<String>> send(
      HttpClient client, OrderServer server, String path, @Nullable String requestId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
    if (requestId != null) {
      request.header(HEADER, requestId);
    }
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Reads a response body of {@code "step id"} lines back into step → id. */
  static Map<String, String> idsByStep(String body) {
    Map<String, String> ids = new LinkedHashMap<>();
    body.lines()
        .map(line -> line.split(" ", 2))
        .forEach(stepAndId -> ids.put(stepAndId[0], stepAndId[1]));
    return ids;
  }

  private static void printRow(PrintStream out, List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(String.format(i == 0 ? "  %-11s" : i == 1 ? "%-14s" : "%-10s", cells.get(i)));
    }
    out.println(line.toString().stripTrailing());
  }
}
