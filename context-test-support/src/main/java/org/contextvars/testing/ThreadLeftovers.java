package org.contextvars.testing;

/**
 * Something a test can leave behind on a thread beside context variables: MDC entries, baggage,
 * open bridge scopes. A module's tests add their own by listing implementations in {@code
 * META-INF/services/org.contextvars.testing.ThreadLeftovers}; {@link CleanThread} and {@link
 * PoolProbe} then check them on every test thread and every probed pool thread.
 *
 * <pre>{@code
 * public final class MdcLeftovers implements ThreadLeftovers {
 *   public String describe() { var m = MDC.getCopyOfContextMap(); return m == null || m.isEmpty() ? "" : "MDC " + m; }
 *   public void clear() { MDC.clear(); }
 * }
 * }</pre>
 *
 * <p>Thread-safety: both methods act on the calling thread only.
 */
public interface ThreadLeftovers {

  /** What the calling thread holds, or the empty string when it holds nothing. */
  String describe();

  /** Removes it from the calling thread, so that one leaking test fails alone. */
  void clear();
}
