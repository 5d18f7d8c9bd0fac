package org.contextvars.examples.requestid;

import static org.contextvars.examples.requestid.RequestId.HEADER;
import static org.contextvars.examples.requestid.RequestId.REQUEST_ID;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.contextvars.Token;

/**
 * Binds {@link RequestId#REQUEST_ID} for the rest of the request: to the {@code X-Request-Id}
 * header when the client sent a usable one, else to a new id. The response carries the id back.
 */
final class RequestIdFilter extends Filter {

  /** Ids end up in log lines, so only plain ones are taken from a client. */
  private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final AtomicLong generated = new AtomicLong();

  @Override
  @SuppressWarnings("try") // the token is there to be closed
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String id = exchange.getRequestHeaders().getFirst(HEADER);
    if (id == null || !PLAIN_ID.matcher(id).matches()) {
      id = String.format("gen-%04d", generated.incrementAndGet());
    }
    exchange.getResponseHeaders().set(HEADER, id);
    // The request thread is pooled: closing the token puts it back as it was, even on an error.
    try (Token<String> token = REQUEST_ID.set(id)) {
      chain.doFilter(exchange);
    }
  }

  @Override
  public String description() {
    return "binds " + REQUEST_ID + " from the " + HEADER + " header";
  }
}
