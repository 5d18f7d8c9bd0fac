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
 * on whatever thread it resumed. Writes ({@code put}, {@code remove}, {@code clear}, the deque methods)
 * go to the delegate unchanged.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
 *
 * MDCAdapter adapter = new ContextVarMdcAdapter(new LogbackMDCAdapter(), Map.of("requestId", REQUEST_ID));
 * loggerContext.setMDCAdapter(adapter);   // or let ContextVarMdc.install(...) wire it
 * try (var t = REQUEST_ID.set("r-42")) {
 *   adapter.get("requestId");              // "r-42"
 * }
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>Only bindings appear: an unbound variable shows nothing, even when it has a default (as in
 *       {@link org.contextvars.Context#toMap()}).
 *   <li>A bound value is shown as {@link String#valueOf(Object)}; a bound {@code null} shows nothing.
 *   <li>For a key that is both exposed and {@code MDC.put}, the variable's binding wins while it is bound.
 * </ul>
 *
 * <p>Cautions:
 * <ul>
 *   <li>{@code MDC.remove(key)} and {@code MDC.clear()} cannot remove a variable's binding: reset the
 *       variable instead.
 *   <li>{@link #getCopyOfContextMap()} builds a new map on every call whenever a variable is bound.
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
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        Object value = boundValue(vars[i]);
        if (value != UNBOUND) {
          return value == null ? null : String.valueOf(value);
        }
        break;
      }
    }
    return delegate.get(key);
  }

  @Override
  public @Nullable Map<String, String> getCopyOfContextMap() {
    Map<String, String> own = delegate.getCopyOfContextMap();
    Map<String, String> merged = null;
    for (int i = 0; i < keys.length; i++) {
      Object value = boundValue(vars[i]);
      if (value == UNBOUND) {
        continue;
      }
      if (merged == null) {
        merged = own == null ? new HashMap<>() : own;
      }
      if (value == null) {
        merged.remove(keys[i]);
      } else {
        merged.put(keys[i], String.valueOf(value));
      }
    }
    return merged == null ? own : merged;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object boundValue(ContextVar<?> var) {
    return ((ContextVar<@Nullable Object>) var).orElse(UNBOUND);
  }

  @Override
  public void put(String key, @Nullable String val) {
    delegate.put(key, val);
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
  public void setContextMap(Map<String, String> contextMap) {
    delegate.setContextMap(contextMap);
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
