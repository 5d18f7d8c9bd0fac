package org.contextvars.slf4j;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.spi.MDCAdapter;

/**
 * The overlay as Logback's logger context holds it. A Logback event takes its MDC once, from its
 * context's adapter: from a {@link LogbackMDCAdapter} the read-only {@link #getPropertyMap()}, from any
 * other adapter a fresh {@code getCopyOfContextMap()}. This class is a {@code LogbackMDCAdapter} for
 * that reason only: every call goes to the overlay (none to the state it inherits), and the map given
 * to events is reused for as long as it shows the same text, so the lines of one request do not each
 * build a map.
 *
 * <p>Thread-safety: safe to share, like the overlay; the maps it hands out are immutable.
 */
final class LogbackEventMdc extends LogbackMDCAdapter {
  // Recent event maps, one per slot, chosen by thread id: consecutive lines on one thread usually
  // show the same values. Threads whose ids share a slot only reuse less. A power of two.
  private static final int SLOTS = 16;

  private final ContextVarMdcAdapter overlay;
  // Racy on purpose: an EventMap is immutable (final fields only), so a reader sees a whole one.
  private final @Nullable EventMap[] recent = new EventMap[SLOTS];

  LogbackEventMdc(ContextVarMdcAdapter overlay) {
    this.overlay = overlay;
  }

  /**
   * What a Logback event shows: the delegate's entries and the bound variables' text, read-only, or
   * null when there is none (as Logback's adapter returns). Checked against the current text each
   * time, so a value whose {@code toString} changed shows its new text.
   */
  @Override
  public @Nullable Map<String, String> getPropertyMap() {
    // A LogbackMDCAdapter hands out the same read-only map until its entries change: no copy.
    MDCAdapter delegate = overlay.delegate();
    @Nullable Map<String, String> own =
        delegate instanceof LogbackMDCAdapter
            ? ((LogbackMDCAdapter) delegate).getPropertyMap()
            : delegate.getCopyOfContextMap();
    int slot = (int) Thread.currentThread().getId() & (SLOTS - 1);
    EventMap last = recent[slot];
    if (last != null && last.matches(own, overlay)) {
      return last.map;
    }
    EventMap fresh = new EventMap(own, overlay);
    recent[slot] = fresh;
    return fresh.map;
  }

  /** An event map and what it was built from. */
  private static final class EventMap {
    final @Nullable Map<String, String> own;
    final @Nullable String[] shown;
    final @Nullable Map<String, String> map;

    EventMap(@Nullable Map<String, String> own, ContextVarMdcAdapter overlay) {
      this.own = own;
      this.shown = new String[overlay.exposedCount()];
      Map<String, String> merged = own == null ? new HashMap<>() : new HashMap<>(own);
      for (int i = 0; i < shown.length; i++) {
        // An exposed key belongs to its variable, also when written into the delegate directly.
        String key = overlay.exposedKey(i);
        merged.remove(key);
        shown[i] = overlay.shownAt(i);
        if (shown[i] != null) {
          merged.put(key, shown[i]);
        }
      }
      this.map = merged.isEmpty() ? null : Collections.unmodifiableMap(merged);
    }

    boolean matches(@Nullable Map<String, String> currentOwn, ContextVarMdcAdapter overlay) {
      if (!Objects.equals(own, currentOwn)) {
        return false;
      }
      for (int i = 0; i < shown.length; i++) {
        if (!Objects.equals(shown[i], overlay.shownAt(i))) {
          return false;
        }
      }
      return true;
    }
  }

  // Everything else is the overlay's.

  @Override
  public @Nullable Map<String, String> getCopyOfContextMap() {
    return overlay.getCopyOfContextMap();
  }

  @Override
  public @Nullable Set<String> getKeys() {
    Map<String, String> map = getPropertyMap();
    return map == null ? null : map.keySet();
  }

  @Override
  public @Nullable String get(String key) {
    return overlay.get(key);
  }

  @Override
  public void put(String key, @Nullable String val) {
    overlay.put(key, val);
  }

  @Override
  public void remove(String key) {
    overlay.remove(key);
  }

  @Override
  public void clear() {
    overlay.clear();
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // LogbackMDCAdapter declares the raw Map
  public void setContextMap(@Nullable Map contextMap) {
    overlay.setContextMap(contextMap);
  }

  @Override
  public void pushByKey(String key, String value) {
    overlay.pushByKey(key, value);
  }

  @Override
  public @Nullable String popByKey(String key) {
    return overlay.popByKey(key);
  }

  @Override
  public @Nullable Deque<String> getCopyOfDequeByKey(String key) {
    return overlay.getCopyOfDequeByKey(key);
  }

  @Override
  public void clearDequeByKey(String key) {
    overlay.clearDequeByKey(key);
  }

  @Override
  public String toString() {
    return "Logback's view of " + overlay;
  }
}
