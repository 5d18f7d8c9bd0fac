package org.contextvars.opentelemetry.internal;

import java.util.function.Function;
import org.contextvars.ContextVar;
import org.jspecify.annotations.Nullable;

/**
 * One var, the baggage key it travels under, and its codec. Encoding and decoding never throw: a
 * value that cannot cross is left out, because a header that fails to encode or decode must not
 * fail the request that carries it.
 *
 * <p>Immutable and thread-safe.
 */
public final class BaggageEntry<T extends @Nullable Object> {

  private final ContextVar<T> var;
  private final String key;
  private final Function<? super T, ? extends @Nullable String> encoder;
  private final Function<String, ? extends @Nullable T> decoder;

  public BaggageEntry(
      ContextVar<T> var,
      String key,
      Function<? super T, ? extends @Nullable String> encoder,
      Function<String, ? extends @Nullable T> decoder) {
    this.var = var;
    this.key = key;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  public ContextVar<T> var() {
    return var;
  }

  public String key() {
    return key;
  }

  /**
   * The current context's value of the var, encoded; null when the var is not bound, is bound to
   * null, or the encoder throws or returns null.
   */
  public @Nullable String encodeCurrent() {
    if (!var.isBound()) {
      return null;
    }
    T value = var.get();
    if (value == null) {
      return null;
    }
    try {
      return encoder.apply(value);
    } catch (RuntimeException notEncodable) {
      return null;
    }
  }

  /**
   * Binds the var in the current context to the decoded {@code raw} value; does nothing when the
   * decoder throws or returns null.
   */
  public void bindDecoded(String raw) {
    T value;
    try {
      value = decoder.apply(raw);
    } catch (RuntimeException notDecodable) {
      return;
    }
    if (value != null) {
      var.set(value);
    }
  }
}
