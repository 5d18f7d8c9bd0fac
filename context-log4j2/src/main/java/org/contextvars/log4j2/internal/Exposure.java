package org.contextvars.log4j2.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;
import org.contextvars.ContextVar;
import org.jspecify.annotations.Nullable;

/**
 * The variables shown in Log4j 2's context data, and the reads that turn the current context into
 * context data. Immutable; the one in force is swapped as a whole, so a logging thread sees either
 * the old or the new set, never half of one.
 */
public final class Exposure {
  // A value no variable can hold, so one lookup tells bound from unbound.
  private static final Object UNBOUND = new Object();
  private static final StringMap EMPTY = frozen(new SortedArrayStringMap(0));

  private static volatile @Nullable Exposure active;

  private final String[] keys;
  private final ContextVar<?>[] vars;

  private Exposure(String[] keys, ContextVar<?>[] vars) {
    this.keys = keys;
    this.vars = vars;
  }

  /**
   * Checks and copies {@code exposed} (key to variable, in order).
   *
   * @throws IllegalArgumentException when it is empty
   * @throws NullPointerException naming the key when a key or a variable is null
   */
  public static Exposure of(Map<String, ? extends ContextVar<?>> exposed) {
    Objects.requireNonNull(exposed, "exposed variables must not be null");
    if (exposed.isEmpty()) {
      throw new IllegalArgumentException("expose at least one ContextVar in Log4j's context data");
    }
    List<String> keyList = new ArrayList<>(exposed.size());
    List<ContextVar<?>> varList = new ArrayList<>(exposed.size());
    for (Map.Entry<String, ? extends ContextVar<?>> e : exposed.entrySet()) {
      keyList.add(Objects.requireNonNull(e.getKey(), "context data key must not be null"));
      varList.add(
          Objects.requireNonNull(
              e.getValue(), "ContextVar for context data key '" + e.getKey() + "' is null"));
    }
    return new Exposure(keyList.toArray(new String[0]), varList.toArray(new ContextVar<?>[0]));
  }

  /** A frozen map with no entries, shared. */
  public static StringMap emptyStringMap() {
    return EMPTY;
  }

  /** The exposure in force, or null when none is installed. */
  public static @Nullable Exposure active() {
    return active;
  }

  /** Puts {@code next} in force (null: none) and returns the one it replaced. */
  public static synchronized @Nullable Exposure swap(@Nullable Exposure next) {
    Exposure previous = active;
    active = next;
    return previous;
  }

  /** Key to variable, in order (a new map on each call). */
  public Map<String, ContextVar<?>> asMap() {
    Map<String, ContextVar<?>> copy = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      copy.put(keys[i], vars[i]);
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The bound, non-null variables of the current context, as strings; a new map each call. */
  public Map<String, String> read() {
    Map<String, String> data = null;
    for (int i = 0; i < keys.length; i++) {
      Object value = boundValue(vars[i]);
      if (value != UNBOUND && value != null) {
        if (data == null) {
          data = new HashMap<>();
        }
        data.put(keys[i], shown(value));
      }
    }
    return data == null ? Collections.emptyMap() : data;
  }

  /** As {@link #read()}, in Log4j's own frozen map. */
  public StringMap readStringMap() {
    StringMap data = null;
    for (int i = 0; i < keys.length; i++) {
      Object value = boundValue(vars[i]);
      if (value != UNBOUND && value != null) {
        if (data == null) {
          data = new SortedArrayStringMap(keys.length);
        }
        data.putValue(keys[i], shown(value));
      }
    }
    return data == null ? EMPTY : frozen(data);
  }

  /** The shown value of one key, or null when the key is not exposed or its variable not bound. */
  public @Nullable String read(String key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        Object value = boundValue(vars[i]);
        return value == UNBOUND || value == null ? null : shown(value);
      }
    }
    return null;
  }

  /**
   * The value as text. A {@code toString} that throws must not make the log call throw: it shows
   * as {@value #FAILED_TO_STRING}, as SLF4J's message formatter does for arguments.
   */
  static String shown(Object value) {
    try {
      return String.valueOf(value);
    } catch (RuntimeException e) {
      return FAILED_TO_STRING;
    }
  }

  /** What a value whose {@code toString} throws shows. */
  public static final String FAILED_TO_STRING = "[FAILED toString()]";

  @SuppressWarnings("unchecked")
  private static @Nullable Object boundValue(ContextVar<?> var) {
    return ((ContextVar<@Nullable Object>) var).orElse(UNBOUND);
  }

  private static StringMap frozen(StringMap map) {
    map.freeze();
    return map;
  }

  @Override
  public String toString() {
    return asMap().keySet().toString();
  }
}
