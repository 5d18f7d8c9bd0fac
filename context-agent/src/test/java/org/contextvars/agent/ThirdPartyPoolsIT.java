package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contextvars.agent.AgentMode.REQUEST_ID;
import static org.contextvars.agent.AgentMode.expected;
import static org.contextvars.agent.AgentMode.observed;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pools that belong to libraries, not to the application: the JDK HTTP client and Caffeine. */
class ThirdPartyPoolsIT {

  private static HttpServer server;
  private static HttpClient client;

  @BeforeAll
  static void startServer() throws Exception {
    AgentMode.assertModeIsReal();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    // Made outside any context: its selector thread and pool must not inherit a test's values.
    client = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  private static HttpRequest ping() {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping"))
        .build();
  }

  @Test
  void httpClientSendAsyncCallbacksSeeTheCallersValue() throws Exception {
    List<CompletableFuture<String>> seen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String value = "req-" + i;
      try (Token<String> token = REQUEST_ID.set(value)) {
        seen.add(
            client
                .sendAsync(ping(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.body() + "|" + observed())
                .thenApplyAsync(body -> body + "|" + observed()));
      }
    }
    for (int i = 0; i < seen.size(); i++) {
      String value = expected("req-" + i);
      assertThat(seen.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("pong|" + value + "|" + value);
    }
  }

  @Test
  void caffeinesAsyncLoaderRunsInTheContextOfTheCallerThatMissed() throws Exception {
    AsyncLoadingCache<String, String> cache =
        Caffeine.newBuilder().buildAsync(key -> key + "=" + observed());
    for (int i = 0; i < 20; i++) {
      String key = "k" + i;
      try (Token<String> token = REQUEST_ID.set("req-" + i)) {
        assertThat(cache.get(key).get(10, TimeUnit.SECONDS))
            .isEqualTo(key + "=" + expected("req-" + i));
      }
    }
  }
}
