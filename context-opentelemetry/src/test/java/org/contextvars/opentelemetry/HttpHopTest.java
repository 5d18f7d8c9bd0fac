package org.contextvars.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.contextvars.testing.PoolProbe;
import org.contextvars.testing.Stress;

/**
 * A real hop over HTTP on the loopback interface: a client with vars bound calls server A, whose
 * handler sees the vars and calls server B, which sees them too and echoes them back.
 */
class HttpHopTest {

  private static final int SERVER_THREADS = 8;
  private static final int CLIENT_THREADS = 16;
  private static final int REQUESTS = Stress.pick(150, 2_000);

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final ContextVar<String> REQUEST = ContextVar.of("request");
  private static final BaggageVars BAGGAGE =
      BaggageVars.builder().add(TENANT, "tenant").add(REQUEST, "request").build();

  private static final TextMapSetter<HttpRequest.Builder> REQUEST_HEADERS =
      (request, key, value) -> request.header(key, value);

  private static final TextMapGetter<HttpExchange> EXCHANGE_HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpExchange exchange) {
          return exchange.getRequestHeaders().keySet();
        }

        @Override
        public @Nullable String get(@Nullable HttpExchange exchange, String key) {
          if (exchange == null) {
            return null;
          }
          Headers headers = exchange.getRequestHeaders();
          return headers.getFirst(key);
        }
      };

  private final ExecutorService serverAThreads = Executors.newFixedThreadPool(SERVER_THREADS);
  private final ExecutorService serverBThreads = Executors.newFixedThreadPool(SERVER_THREADS);
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(CLIENT_THREADS);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private HttpServer serverA;
  private HttpServer serverB;

  @BeforeEach
  void startServers() throws IOException {
    serverB = server(serverBThreads, exchange -> "B saw " + TENANT.orElse("unset") + " / " + REQUEST.orElse("unset"));
    URI b = uriOf(serverB);
    serverA = server(serverAThreads, exchange -> {
      String seenAtA = "A saw " + TENANT.orElse("unset") + " / " + REQUEST.orElse("unset");
      return seenAtA + "; " + call(b);
    });
  }

  @AfterEach
  void stopServers() throws InterruptedException {
    serverA.stop(0);
    serverB.stop(0);
    PoolProbe.shutDown(clientThreads);
    PoolProbe.shutDown(serverAThreads);
    PoolProbe.shutDown(serverBThreads);
  }

  @Test
  void everyRequestsValuesArriveAtBothHops() throws Exception {
    URI a = uriOf(serverA);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<String>> clients = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      int n = i;
      clients.add(() -> {
        start.await();
        return new Context().call(() -> {
          TENANT.set("tenant " + n % 5 + " Zürich,東京;=%");
          REQUEST.set("req-" + n);
          return call(a);
        });
      });
    }
    List<Future<String>> responses = new ArrayList<>();
    for (Callable<String> client : clients) {
      responses.add(clientThreads.submit(client));
    }
    start.countDown();

    for (int i = 0; i < REQUESTS; i++) {
      String sent = "tenant " + i % 5 + " Zürich,東京;=% / req-" + i;
      assertThat(responses.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("A saw " + sent + "; B saw " + sent);
    }
    PoolProbe.assertEveryThreadClean(serverAThreads, SERVER_THREADS);
    PoolProbe.assertEveryThreadClean(serverBThreads, SERVER_THREADS);
    PoolProbe.assertEveryThreadClean(clientThreads, CLIENT_THREADS);
  }

  @Test
  void aRequestWithoutBaggageSeesNoValues() throws Exception {
    String response = call(uriOf(serverA));

    assertThat(response).isEqualTo("A saw unset / unset; B saw unset / unset");
    PoolProbe.assertEveryThreadClean(serverAThreads, SERVER_THREADS);
    PoolProbe.assertEveryThreadClean(serverBThreads, SERVER_THREADS);
  }

  /** Sends a GET to {@code target} carrying the current context's vars; returns the body. */
  private String call(URI target) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
    BAGGAGE.inject(request, REQUEST_HEADERS);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status from %s: %s", target, response.body()).isEqualTo(200);
    return response.body();
  }

  private interface Handler {
    String respond(HttpExchange exchange) throws Exception;
  }

  /** A server on 127.0.0.1, any free port, whose handler runs in the request's extracted context. */
  private static HttpServer server(ExecutorService threads, Handler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      int status = 200;
      String body;
      try {
        body = BAGGAGE.extractAndCall(exchange, EXCHANGE_HEADERS, () -> handler.respond(exchange));
      } catch (Exception | AssertionError e) {
        status = 500;
        body = e.toString();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return server;
  }

  private static URI uriOf(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }
}
