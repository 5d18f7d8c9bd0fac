package org.contextvars.examples.requestid;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import org.contextvars.ContextExecutors;

/**
 * The JDK's built-in HTTP server on a free port of 127.0.0.1, serving {@code /orders/<number>}
 * behind {@link RequestIdFilter}. The caller owns both thread pools and shuts them down.
 */
final class OrderServer implements AutoCloseable {

  /** Room for many clients connecting at once; the default backlog drops some on Linux. */
  private static final int BACKLOG = 512;

  private final HttpServer server;

  private OrderServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param requestThreads runs the filter and the handler, one request at a time per thread
   * @param workerThreads runs the work handlers hand off; wrapped here so that it carries context
   */
  static OrderServer start(ExecutorService requestThreads, ExecutorService workerThreads)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), BACKLOG);
    OrderService service = new OrderService(ContextExecutors.wrap(workerThreads));
    HttpContext orders = server.createContext("/orders/", new OrderHandler(service));
    orders.getFilters().add(new RequestIdFilter());
    server.setExecutor(requestThreads);
    server.start();
    return new OrderServer(server);
  }

  URI uri(String path) {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://127.0.0.1:" + address.getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
