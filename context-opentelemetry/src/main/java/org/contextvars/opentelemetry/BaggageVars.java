package org.contextvars.opentelemetry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.opentelemetry.internal.BaggageEntry;
import org.contextvars.opentelemetry.internal.BaggageKeys;
import org.jspecify.annotations.Nullable;

/**
 * A fixed set of {@link ContextVar}s, each mapped to an OpenTelemetry baggage key, that travel
 * with outgoing requests and are bound again on the receiving side.
 *
 * <pre>{@code
 * static final ContextVar<String> TENANT = ContextVar.of("tenant");
 * static final ContextVar<Locale> LOCALE = ContextVar.of("locale");
 * static final BaggageVars BAGGAGE = BaggageVars.builder()
 *     .add(TENANT, "tenant")
 *     .add(LOCALE, "locale", Locale::toLanguageTag, Locale::forLanguageTag)
 *     .build();
 *
 * // client side: adds "baggage: tenant=acme,locale=de-CH" (values percent-encoded)
 * BAGGAGE.inject(request, (req, key, value) -> req.header(key, value));
 *
 * // server side: the handler sees TENANT.get() == "acme"; nothing stays bound afterwards
 * BAGGAGE.extractAndRun(exchange, getter, () -> handle(exchange));
 * }</pre>
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Sending ({@link #inject}, {@link #toBaggage()}, {@link #toOtelContext()}): each var bound in
 *       the current context is encoded and put over the baggage of the current OpenTelemetry
 *       context, so other baggage entries travel too and a var wins over an entry with the same key.
 *       A var that is not bound, is bound to null, or whose encoder throws or returns null is not
 *       sent (an entry of the same key already in the OpenTelemetry baggage is then sent as it is).
 *   <li>Receiving ({@link #extract}, {@link #extractAndRun}, {@link #extractAndCall}, {@link
 *       #fromBaggage}): the result is a copy of the current context in which each var whose key is
 *       present in the baggage is bound to its decoded value. A key that is missing, or whose value
 *       the decoder rejects (throws or returns null), leaves that var as it was in the current
 *       context. A header that is missing or malformed is therefore never an error; the W3C
 *       propagator already drops entries it cannot parse.
 *   <li>Keys and values are encoded and decoded on the wire by the propagator (W3C baggage
 *       percent-encodes values); codecs only turn values into strings and back.
 * </ul>
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>Baggage is sent to every downstream service and may be logged there: never register a var
 *       that holds a secret.
 *   <li>Only registered keys are bound on receipt. Other entries of an incoming baggage header are
 *       not forwarded by this class; make the extracted OpenTelemetry context current (for example
 *       with OpenTelemetry's own instrumentation) when the whole baggage must travel on.
 *   <li>W3C baggage limits a header to 8192 bytes and 180 entries; propagators may drop the rest.
 * </ul>
 *
 * <p>Thread safety: immutable; one instance is meant to be shared by all threads.
 */
public final class BaggageVars {

  private final List<BaggageEntry<?>> entries;
  private final TextMapPropagator propagator;

  private BaggageVars(List<BaggageEntry<?>> entries, TextMapPropagator propagator) {
    this.entries = entries;
    this.propagator = propagator;
  }

  /** A builder with no vars, using {@link W3CBaggagePropagator}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The baggage of the current OpenTelemetry context with each var bound in the current context put
   * over it.
   */
  public Baggage toBaggage() {
    return toBaggage(Baggage.current());
  }

  /** {@code base} with each var bound in the current context put over it. */
  public Baggage toBaggage(Baggage base) {
    Objects.requireNonNull(base, "base baggage must not be null");
    BaggageBuilder merged = null;
    for (BaggageEntry<?> entry : entries) {
      String value = entry.encodeCurrent();
      if (value != null) {
        if (merged == null) {
          merged = base.toBuilder();
        }
        merged.put(entry.key(), value);
      }
    }
    return merged == null ? base : merged.build();
  }

  /**
   * The current OpenTelemetry context with {@link #toBaggage()} in it: pass it to instrumented
   * libraries, or make it current with {@code makeCurrent()} in a try-with-resources block.
   */
  public io.opentelemetry.context.Context toOtelContext() {
    return io.opentelemetry.context.Context.current().with(toBaggage());
  }

  /** Writes {@link #toOtelContext()} into {@code carrier} through the propagator. */
  public <C> void inject(C carrier, TextMapSetter<C> setter) {
    Objects.requireNonNull(carrier, "carrier must not be null");
    Objects.requireNonNull(setter, "setter must not be null");
    propagator.inject(toOtelContext(), carrier, setter);
  }

  /**
   * A copy of the current context with the vars found in {@code carrier} bound. The current context
   * itself is not changed; run code in the result with {@link Context#run}.
   */
  public <C> Context extract(C carrier, TextMapGetter<C> getter) {
    Objects.requireNonNull(carrier, "carrier must not be null");
    Objects.requireNonNull(getter, "getter must not be null");
    io.opentelemetry.context.Context extracted =
        propagator.extract(io.opentelemetry.context.Context.root(), carrier, getter);
    return fromBaggage(Baggage.fromContext(extracted));
  }

  /** A copy of the current context with the vars found in {@code baggage} bound. */
  public Context fromBaggage(Baggage baggage) {
    Objects.requireNonNull(baggage, "baggage must not be null");
    Context context = Context.copyCurrent();
    if (!baggage.isEmpty()) {
      context.run(() -> bindAll(baggage));
    }
    return context;
  }

  /**
   * Runs {@code action} in {@link #extract}'s context: the vars found in {@code carrier} are bound
   * for the length of the call, and nothing stays bound on this thread afterwards.
   */
  public <C> void extractAndRun(C carrier, TextMapGetter<C> getter, Runnable action) {
    Objects.requireNonNull(action, "action must not be null");
    extract(carrier, getter).run(action);
  }

  /** Like {@link #extractAndRun}, returning what {@code action} returns. */
  public <C, R extends @Nullable Object> R extractAndCall(
      C carrier, TextMapGetter<C> getter, Callable<R> action) throws Exception {
    Objects.requireNonNull(action, "action must not be null");
    return extract(carrier, getter).call(action);
  }

  /** The registered baggage keys, in registration order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(entries.size());
    for (BaggageEntry<?> entry : entries) {
      keys.add(entry.key());
    }
    return Collections.unmodifiableList(keys);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("BaggageVars[");
    for (int i = 0; i < entries.size(); i++) {
      BaggageEntry<?> entry = entries.get(i);
      out.append(i == 0 ? "" : ", ").append(entry.var().name()).append("->").append(entry.key());
    }
    return out.append(']').toString();
  }

  private void bindAll(Baggage baggage) {
    for (BaggageEntry<?> entry : entries) {
      String raw = baggage.getEntryValue(entry.key());
      if (raw != null) {
        entry.bindDecoded(raw);
      }
    }
  }

  /**
   * Collects vars and their keys. Each var and each key may be registered once; a bad registration
   * throws and leaves the builder as it was.
   *
   * <p>Thread safety: not thread-safe; build on one thread and share the built {@link BaggageVars}.
   */
  public static final class Builder {

    private final List<BaggageEntry<?>> entries = new ArrayList<>();
    private TextMapPropagator propagator = W3CBaggagePropagator.getInstance();

    private Builder() {}

    /** Carries {@code var}'s string value under {@code key}. */
    public Builder add(ContextVar<String> var, String key) {
      return add(var, key, Function.identity(), Function.identity());
    }

    /**
     * Carries {@code var} under {@code key}, turned into a string by {@code encoder} and back by
     * {@code decoder}. A codec that throws or returns null makes that one value stay behind (see
     * the class rules); it never fails the propagation.
     *
     * @throws IllegalArgumentException when {@code key} is not a W3C baggage key (an RFC 7230
     *     token), or the var or the key is already registered
     */
    public <T extends @Nullable Object> Builder add(
        ContextVar<T> var,
        String key,
        Function<? super T, ? extends @Nullable String> encoder,
        Function<String, ? extends @Nullable T> decoder) {
      Objects.requireNonNull(var, "var must not be null");
      Objects.requireNonNull(key, () -> "baggage key for " + var.name() + " must not be null");
      Objects.requireNonNull(encoder, () -> "encoder for " + var.name() + " must not be null");
      Objects.requireNonNull(decoder, () -> "decoder for " + var.name() + " must not be null");
      if (!BaggageKeys.isValid(key)) {
        throw new IllegalArgumentException(
            "baggage key \"" + key + "\" for " + var.name()
                + " is not a W3C baggage key (letters, digits and !#$%&'*+-.^_`|~ only)");
      }
      for (BaggageEntry<?> entry : entries) {
        if (entry.var() == var) {
          throw new IllegalArgumentException(
              var.name() + " is already carried under baggage key \"" + entry.key() + "\"");
        }
        if (entry.key().equals(key)) {
          throw new IllegalArgumentException(
              "baggage key \"" + key + "\" for " + var.name() + " is already used by "
                  + entry.var().name());
        }
      }
      entries.add(new BaggageEntry<>(var, key, encoder, decoder));
      return this;
    }

    /**
     * The propagator that writes and reads carriers; {@link W3CBaggagePropagator} by default. A
     * composite propagator (for example W3C trace context plus baggage) also carries the current
     * span. It must carry baggage, or nothing registered here crosses.
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator must not be null");
      return this;
    }

    /** An immutable {@link BaggageVars} with the vars added so far. */
    public BaggageVars build() {
      return new BaggageVars(
          Collections.unmodifiableList(new ArrayList<>(entries)), propagator);
    }
  }
}
