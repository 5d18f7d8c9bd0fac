package org.contextvars.slf4j;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.contextvars.ContextVar;
import org.jspecify.annotations.Nullable;
import org.slf4j.spi.MDCAdapter;

/**
 * An {@link MDCAdapter} that shows chosen {@link ContextVar}s as MDC entries on top of another adapter's
 * own entries.
 *
 * <p>Each exposed variable is read at call time from the context current on the calling thread (or
 * coroutine), so this adapter keeps no per-thread state of its own: nothing can be left behind on a
 * pooled thread, and a value set inside a coroutine is what the next log line in that coroutine shows,
 * on whatever thread it resumed. Writes to other keys ({@code put}, {@code remove}, {@code clear},
 * {@code setContextMap}, the deque methods) go to the delegate unchanged.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
 *
 * MDCAdapter adapter = new ContextVarMdcAdapter(new LogbackMDCAdapter(), Map.of("requestId", REQUEST_ID));
 * loggerContext.setMDCAdapter(adapter);   // or let ContextVarMdc.install(...) wire it
 * try (var t = REQUEST_ID.set("r-42")) {
 *   adapter.get("requestId");              // "r-42"
 *   saved = adapter.getCopyOfContextMap(); // {requestId=r-42}
 * }
 * adapter.setContextMap(saved);            // requestId is not stored: the binding has ended
 * adapter.get("requestId");                // null
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>An exposed key belongs to its variable: it shows the variable's binding, or nothing. Only
 *       bindings appear: an unbound variable shows nothing, even when it has a default (as in
 *       {@link org.contextvars.Context#toMap()}).
 *   <li>A bound value is shown as {@link String#valueOf(Object)} (a {@code toString} that throws shows
 *       {@code [FAILED toString()]}, as in SLF4J's message formatting); a bound {@code null} shows
 *       nothing.
 *   <li>{@code put(key, ...)} for an exposed key, and the exposed keys of a map given to {@link
 *       #setContextMap}, are not stored. This is what makes the usual save and restore ({@code saved =
 *       MDC.getCopyOfContextMap(); ...; MDC.setContextMap(saved)}, as kotlinx's {@code MDCContext},
 *       Micrometer's {@code Slf4jThreadLocalAccessor} and task decorators do it) safe: a value read
 *       from a variable and written back never becomes a thread-local entry that outlives its binding.
 * </ul>
 *
 * <p>Cautions:
 * <ul>
 *   <li>An MDC map does not carry the variables: restoring a map on another thread shows its ordinary
 *       entries only. Carry the context itself ({@code ContextExecutors}, {@code Context.wrap}, the
 *       Micrometer bridge, the Kotlin {@code ContextElement}).
 *   <li>{@code MDC.put} on an exposed key is ignored, and {@code MDC.remove(key)} and {@code
 *       MDC.clear()} cannot remove a variable's binding: set or reset the variable instead.
 *   <li>{@link #getCopyOfContextMap()} builds a new map on every call whenever a variable is bound.
 *       In a Logback context, install with {@link ContextVarMdc}: it gives Logback a view of this
 *       adapter that hands events one read-only map for as long as it shows the same text, where
 *       this adapter set by hand gets Logback to copy the map for every event.
 * </ul>
 *
 * <p>Thread-safety: immutable after construction and safe to share; each call sees the caller's own
 * context.
 */
public final class ContextVarMdcAdapter implements MDCAdapter {
  // A value no variable can hold, so one lookup tells bound from unbound.
  private static final Object UNBOUND = new Object();

  private final MDCAdapter delegate;
  private final String[] keys;
  private final ContextVar<?>[] vars;

  /**
   * @param delegate the adapter that keeps the ordinary {@code MDC.put} entries
   * @param exposed MDC key to variable, in the order the keys should appear
   * @throws IllegalArgumentException when {@code exposed} is empty
   */
  public ContextVarMdcAdapter(MDCAdapter delegate, Map<String, ? extends ContextVar<?>> exposed) {
    this.delegate = Objects.requireNonNull(delegate, "delegate MDCAdapter must not be null");
    Objects.requireNonNull(exposed, "exposed variables must not be null");
    if (exposed.isEmpty()) {
      throw new IllegalArgumentException("expose at least one ContextVar in the MDC");
    }
    List<String> keyList = new ArrayList<>(exposed.size());
    List<ContextVar<?>> varList = new ArrayList<>(exposed.size());
    for (Map.Entry<String, ? extends ContextVar<?>> e : exposed.entrySet()) {
      keyList.add(Objects.requireNonNull(e.getKey(), "MDC key must not be null"));
      varList.add(
          Objects.requireNonNull(e.getValue(), "ContextVar for MDC key '" + e.getKey() + "' is null"));
    }
    this.keys = keyList.toArray(new String[0]);
    this.vars = varList.toArray(new ContextVar<?>[0]);
  }

  /** The adapter that keeps the ordinary {@code MDC.put} entries. */
  public MDCAdapter delegate() {
    return delegate;
  }

  /** MDC key to variable, as given to the constructor (a new map on each call). */
  public Map<String, ContextVar<?>> exposed() {
    Map<String, ContextVar<?>> copy = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      copy.put(keys[i], vars[i]);
    }
    return copy;
  }

  @Override
  public @Nullable String get(String key) {
    int index = indexOf(key);
    return index < 0 ? delegate.get(key) : shownAt(index);
  }

  @Override
  public @Nullable Map<String, String> getCopyOfContextMap() {
    Map<String, String> merged = delegate.getCopyOfContextMap();
    if (merged != null && containsExposedKey(merged)) {
      // Only reachable when the delegate was written to directly, bypassing this adapter.
      merged = withoutExposedKeys(merged);
    }
    for (int i = 0; i < keys.length; i++) {
      String shown = shownAt(i);
      if (shown == null) {
        continue;
      }
      if (merged == null) {
        merged = new HashMap<>();
      }
      merged.put(keys[i], shown);
    }
    return merged;
  }

  // By position, for LogbackEventMdc.

  int exposedCount() {
    return keys.length;
  }

  String exposedKey(int index) {
    return keys[index];
  }

  /** What the variable at {@code index} shows: its bound value's text, or null. */
  @Nullable String shownAt(int index) {
    Object value = boundValue(vars[index]);
    return value == UNBOUND || value == null ? null : shown(value);
  }

  private int indexOf(String key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private boolean containsExposedKey(Map<String, String> map) {
    for (String key : keys) {
      if (map.containsKey(key)) {
        return true;
      }
    }
    return false;
  }

  private Map<String, String> withoutExposedKeys(Map<String, String> map) {
    Map<String, String> copy = new HashMap<>(map);
    for (String key : keys) {
      copy.remove(key);
    }
    return copy;
  }

  /**
   * The value as text. A {@code toString} that throws must not make the log call throw: it shows
   * as {@code [FAILED toString()]}, as SLF4J's message formatter does for arguments.
   */
  private static String shown(Object value) {
    try {
      return String.valueOf(value);
    } catch (RuntimeException e) {
      return "[FAILED toString()]";
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object boundValue(ContextVar<?> var) {
    return ((ContextVar<@Nullable Object>) var).orElse(UNBOUND);
  }

  @Override
  public void put(String key, @Nullable String val) {
    // An exposed key is the variable's: a stored copy would outlive the binding it came from.
    if (indexOf(key) < 0) {
      delegate.put(key, val);
    }
  }

  @Override
  public void remove(String key) {
    delegate.remove(key);
  }

  @Override
  public void clear() {
    delegate.clear();
  }

  @Override
  public void setContextMap(@Nullable Map<String, String> contextMap) {
    // A map from getCopyOfContextMap() holds the variables' values of that moment: storing them
    // would pin them on this thread, or bring back a binding that has since ended.
    delegate.setContextMap(
        contextMap != null && containsExposedKey(contextMap)
            ? withoutExposedKeys(contextMap)
            : contextMap);
  }

  @Override
  public void pushByKey(String key, String value) {
    delegate.pushByKey(key, value);
  }

  @Override
  public @Nullable String popByKey(String key) {
    return delegate.popByKey(key);
  }

  @Override
  public @Nullable Deque<String> getCopyOfDequeByKey(String key) {
    return delegate.getCopyOfDequeByKey(key);
  }

  @Override
  public void clearDequeByKey(String key) {
    delegate.clearDequeByKey(key);
  }

  @Override
  public String toString() {
    return "ContextVarMdcAdapter" + exposed().keySet() + " over " + delegate;
  }
}
