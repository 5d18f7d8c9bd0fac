package org.contextvars.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends many requests at once, each with its own {@code X-Request-Id}, and waits for all. */
final class Load {
  private Load() {}

  record Answer(String id, int status, String body) {}

  static List<Answer> send(int port, String path, int requests) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    List<CompletableFuture<Answer>> inFlight = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String id = "r-" + i;
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("X-Request-Id", id)
              .timeout(Duration.ofSeconds(90))
              .GET()
              .build();
      inFlight.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(r -> new Answer(id, r.statusCode(), r.body())));
    }
    List<Answer> answers = new ArrayList<>();
    for (CompletableFuture<Answer> answer : inFlight) {
      answers.add(answer.get(120, TimeUnit.SECONDS));
    }
    return answers;
  }
}
