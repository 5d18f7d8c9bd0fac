package org.contextvars.opentelemetry.internal;

/** The W3C baggage key syntax: an RFC 7230 token. */
public final class BaggageKeys {

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private BaggageKeys() {}

  /**
   * Whether {@code key} can be sent as a W3C baggage key. The propagator percent-encodes values but
   * sends keys as they are, so a key outside the token syntax would be dropped on the wire.
   */
  public static boolean isValid(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean tokenChar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_SYMBOLS.indexOf(c) >= 0;
      if (!tokenChar) {
        return false;
      }
    }
    return true;
  }
}
