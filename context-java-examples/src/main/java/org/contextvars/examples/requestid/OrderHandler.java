package org.contextvars.examples.requestid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code GET /orders/<number>}. It knows nothing about request ids: {@link OrderService} and
 * the code below it find the id on their own.
 */
final class OrderHandler implements HttpHandler {

  private final OrderService orders;

  OrderHandler(OrderService orders) {
    this.orders = orders;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String number = exchange.getRequestURI().getPath().substring("/orders/".length());
      if (!number.matches("[0-9]{1,9}")) {
        send(exchange, 404, "no such order: " + number + "\n");
        return;
      }
      String body;
      try {
        body = orders.handle(Integer.parseInt(number));
      } catch (Exception e) {
        send(exchange, 500, e + "\n");
        return;
      }
      send(exchange, 200, body);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
