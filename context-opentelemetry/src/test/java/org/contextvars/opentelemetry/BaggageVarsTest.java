package org.contextvars.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaggageVarsTest {

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final ContextVar<String> USER = ContextVar.of("user");
  private static final ContextVar<Integer> PRIORITY = ContextVar.of("priority");
  private static final ContextVar<Locale> LOCALE = ContextVar.of("locale");

  private static final BaggageVars BAGGAGE =
      BaggageVars.builder()
          .add(TENANT, "tenant")
          .add(USER, "user.id")
          .add(PRIORITY, "priority", String::valueOf, Integer::valueOf)
          .add(LOCALE, "locale", Locale::toLanguageTag, Locale::forLanguageTag)
          .build();

  private static Map<String, String> injectCurrent() {
    Map<String, String> headers = new HashMap<>();
    BAGGAGE.inject(headers, MapCarrier.SETTER);
    return headers;
  }

  private static Map<String, String> header(String baggage) {
    Map<String, String> headers = new HashMap<>();
    headers.put("baggage", baggage);
    return headers;
  }

  private static Map<String, Object> boundIn(Context context) {
    Map<String, Object> bound = new HashMap<>();
    context.toMap().forEach((var, value) -> bound.put(var.name(), value));
    return bound;
  }

  @Nested
  class Builder {

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "a,b", "k=v", "semi;colon", "quote\"", "zürich", "tab\t"})
    void rejectsAKeyThatIsNotAW3cToken(String key) {
      BaggageVars.Builder builder = BaggageVars.builder().add(TENANT, "tenant");

      assertThatThrownBy(() -> builder.add(USER, key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("user")
          .hasMessageContaining("\"" + key + "\"");
      assertThat(builder.build().keys()).containsExactly("tenant");
    }

    @Test
    void acceptsEveryTokenCharacter() {
      String key = "azAZ09!#$%&'*+-.^_`|~";
      BaggageVars vars = BaggageVars.builder().add(TENANT, key).build();

      try (Token<String> ignored = TENANT.set("acme")) {
        Map<String, String> headers = new HashMap<>();
        vars.inject(headers, MapCarrier.SETTER);
        assertThat(vars.extract(headers, MapCarrier.GETTER).get(TENANT)).isEqualTo("acme");
      }
    }

    @Test
    void rejectsTheSameVarTwice() {
      BaggageVars.Builder builder = BaggageVars.builder().add(TENANT, "tenant");

      assertThatThrownBy(() -> builder.add(TENANT, "other"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tenant is already carried under baggage key \"tenant\"");
      assertThat(builder.build().keys()).containsExactly("tenant");
    }

    @Test
    void rejectsTheSameKeyForTwoVars() {
      BaggageVars.Builder builder = BaggageVars.builder().add(TENANT, "shared");

      assertThatThrownBy(() -> builder.add(USER, "shared"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("baggage key \"shared\" for user is already used by tenant");
      assertThat(builder.build().keys()).containsExactly("shared");
    }

    @Test
    void rejectsNullsNamingWhatIsMissing() {
      BaggageVars.Builder builder = BaggageVars.builder();
      Function<Integer, String> encoder = String::valueOf;
      Function<String, Integer> decoder = Integer::valueOf;

      assertThatNullPointerException().isThrownBy(() -> builder.add(null, "k")).withMessage("var must not be null");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.add(TENANT, null))
          .withMessage("baggage key for tenant must not be null");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.add(PRIORITY, "p", null, decoder))
          .withMessage("encoder for priority must not be null");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.add(PRIORITY, "p", encoder, null))
          .withMessage("decoder for priority must not be null");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.propagator(null))
          .withMessage("propagator must not be null");
      assertThat(builder.build().keys()).isEmpty();
    }

    @Test
    void builtInstanceDoesNotSeeLaterAdds() {
      BaggageVars.Builder builder = BaggageVars.builder().add(TENANT, "tenant");
      BaggageVars built = builder.build();

      builder.add(USER, "user");

      assertThat(built.keys()).containsExactly("tenant");
      assertThat(built).hasToString("BaggageVars[tenant->tenant]");
    }
  }

  @Nested
  class Inject {

    @Test
    void sendsNothingWhenNoVarIsBound() {
      assertThat(injectCurrent()).isEmpty();
    }

    @Test
    void sendsOnlyTheBoundVars() {
      try (Token<String> t = TENANT.set("acme")) {
        assertThat(injectCurrent()).containsExactly(Map.entry("baggage", "tenant=acme"));
      }
    }

    @Test
    void sendsEveryBoundVarThroughItsEncoder() {
      try (Token<String> t = TENANT.set("acme");
          Token<String> u = USER.set("u-7");
          Token<Integer> p = PRIORITY.set(3);
          Token<Locale> l = LOCALE.set(Locale.forLanguageTag("de-CH"))) {
        Baggage sent = Baggage.fromContext(W3CBaggagePropagator.getInstance()
            .extract(io.opentelemetry.context.Context.root(), injectCurrent(), MapCarrier.GETTER));
        assertThat(sent.size()).isEqualTo(4);
        assertThat(sent.getEntryValue("tenant")).isEqualTo("acme");
        assertThat(sent.getEntryValue("user.id")).isEqualTo("u-7");
        assertThat(sent.getEntryValue("priority")).isEqualTo("3");
        assertThat(sent.getEntryValue("locale")).isEqualTo("de-CH");
      }
    }

    @Test
    void keepsTheCurrentOpenTelemetryBaggage() {
      Baggage existing = Baggage.builder().put("session", "s-1").put("tenant", "from-otel").build();
      try (Scope s = existing.makeCurrent()) {
        try (Token<String> t = USER.set("u-7")) {
          assertThat(BAGGAGE.toBaggage().asMap().keySet()).containsExactlyInAnyOrder("session", "tenant", "user.id");
          assertThat(BAGGAGE.toBaggage().getEntryValue("tenant")).isEqualTo("from-otel");
        }
        try (Token<String> t = TENANT.set("acme")) {
          Baggage merged = BAGGAGE.toBaggage();
          assertThat(merged.getEntryValue("session")).isEqualTo("s-1");
          assertThat(merged.getEntryValue("tenant")).as("the var wins over the same key").isEqualTo("acme");
          Map<String, String> headers = injectCurrent();
          assertThat(headers.get("baggage").split(",")).containsExactlyInAnyOrder("session=s-1", "tenant=acme");
        }
      }
    }

    @Test
    void leavesOutANullValueAndAValueTheEncoderRejects() {
      ContextVar<String> nullable = ContextVar.of("nullable");
      ContextVar<String> failing = ContextVar.of("failing");
      ContextVar<String> refusing = ContextVar.of("refusing");
      BaggageVars vars = BaggageVars.builder()
          .add(nullable, "nullable")
          .add(failing, "failing", v -> { throw new IllegalStateException("cannot encode " + v); }, v -> v)
          .add(refusing, "refusing", v -> null, v -> v)
          .add(TENANT, "tenant")
          .build();

      try (Token<String> a = nullable.set(null);
          Token<String> b = failing.set("x");
          Token<String> c = refusing.set("y");
          Token<String> d = TENANT.set("acme")) {
        assertThat(vars.toBaggage().asMap().keySet()).containsExactly("tenant");
      }
    }

    @Test
    void carriesTheCurrentSpanToo_whenThePropagatorIsComposite() {
      BaggageVars vars = BaggageVars.builder()
          .add(TENANT, "tenant")
          .propagator(TextMapPropagator.composite(
              W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()))
          .build();
      io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.SpanContext.create(
          "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
          io.opentelemetry.api.trace.TraceFlags.getSampled(),
          io.opentelemetry.api.trace.TraceState.getDefault());

      Map<String, String> headers = new HashMap<>();
      try (Scope s = io.opentelemetry.api.trace.Span.wrap(span).makeCurrent();
          Token<String> t = TENANT.set("acme")) {
        vars.inject(headers, MapCarrier.SETTER);
      }

      assertThat(headers)
          .containsEntry("baggage", "tenant=acme")
          .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      assertThat(vars.extract(headers, MapCarrier.GETTER).get(TENANT)).isEqualTo("acme");
    }

    @Test
    void toOtelContextHoldsTheMergedBaggage() {
      try (Token<String> t = TENANT.set("acme")) {
        io.opentelemetry.context.Context otel = BAGGAGE.toOtelContext();
        assertThat(Baggage.fromContext(otel).getEntryValue("tenant")).isEqualTo("acme");
        try (Scope s = otel.makeCurrent()) {
          assertThat(Baggage.current().getEntryValue("tenant")).isEqualTo("acme");
        }
      }
    }

    @Test
    void rejectsNullCarrierAndSetter() {
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.inject(null, MapCarrier.SETTER))
          .withMessage("carrier must not be null");
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.inject(new HashMap<String, String>(), null))
          .withMessage("setter must not be null");
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.toBaggage(null))
          .withMessage("base baggage must not be null");
    }
  }

  @Nested
  class Extract {

    @Test
    void roundTripsEveryVar() {
      Map<String, String> headers;
      try (Token<String> t = TENANT.set("acme");
          Token<String> u = USER.set("u-7");
          Token<Integer> p = PRIORITY.set(3);
          Token<Locale> l = LOCALE.set(Locale.forLanguageTag("de-CH"))) {
        headers = injectCurrent();
      }

      assertThat(boundIn(BAGGAGE.extract(headers, MapCarrier.GETTER)))
          .containsOnly(
              Map.entry("tenant", "acme"),
              Map.entry("user", "u-7"),
              Map.entry("priority", 3),
              Map.entry("locale", Locale.forLanguageTag("de-CH")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "Zürich 東京 🚀", "a,b;c=d", "100% \"quoted\" \\ back", "plus+sign", "  spaces  ", "tab\tand\nnewline",
      "%41 is not A", "=leading", "trailing=", "€uro~!*()'"
    })
    void roundTripsUnicodeAndSpecialCharacters(String value) {
      Map<String, String> headers;
      try (Token<String> t = TENANT.set(value)) {
        headers = injectCurrent();
      }

      assertThat(BAGGAGE.extract(headers, MapCarrier.GETTER).get(TENANT)).isEqualTo(value);
    }

    @Test
    void bindsNothingWhenTheHeaderIsMissing() {
      Context extracted = BAGGAGE.extract(new HashMap<>(), MapCarrier.GETTER);

      assertThat(extracted.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",,,", "tenant", "=acme", "tenant;;=", ";;;", "%", "tenant=%ZZ%", "\u0000\u00ff",
      "tenant;user.id", "tenant=\"quoted value\""})
    void bindsNothingFromAGarbledHeader(String garbled) {
      Context extracted = BAGGAGE.extract(header(garbled), MapCarrier.GETTER);

      assertThat(boundIn(extracted)).isEmpty();
    }

    @Test
    void keepsTheWellFormedEntriesOfAPartlyGarbledHeader() {
      Context extracted = BAGGAGE.extract(header("garbage,user.id=u-7,= =,priority=5"), MapCarrier.GETTER);

      assertThat(boundIn(extracted)).containsOnly(Map.entry("user", "u-7"), Map.entry("priority", 5));
    }

    @Test
    void leavesAVarAsItWasWhenTheDecoderRejectsItsValue() {
      ContextVar<Integer> refused = ContextVar.of("refused");
      BaggageVars vars = BaggageVars.builder()
          .add(PRIORITY, "priority", String::valueOf, Integer::valueOf)
          .add(refused, "refused", String::valueOf, v -> null)
          .add(TENANT, "tenant")
          .build();

      try (Token<Integer> p = PRIORITY.set(1)) {
        Context extracted = vars.extract(header("priority=high,refused=2,tenant=acme"), MapCarrier.GETTER);

        assertThat(boundIn(extracted)).containsOnly(Map.entry("priority", 1), Map.entry("tenant", "acme"));
      }
    }

    @Test
    void overridesTheCurrentBindingButLeavesTheCurrentContextAlone() {
      try (Token<String> t = TENANT.set("local");
          Token<String> u = USER.set("local-user")) {
        Context extracted = BAGGAGE.extract(header("tenant=remote"), MapCarrier.GETTER);

        assertThat(boundIn(extracted))
            .as("absent keys keep the current binding")
            .containsOnly(Map.entry("tenant", "remote"), Map.entry("user", "local-user"));
        assertThat(TENANT.get()).isEqualTo("local");
      }
    }

    @Test
    void ignoresEntriesThatAreNotRegistered() {
      Context extracted = BAGGAGE.extract(header("unknown=1,tenant=acme"), MapCarrier.GETTER);

      assertThat(boundIn(extracted)).containsOnly(Map.entry("tenant", "acme"));
    }

    @Test
    void extractAndRunBindsForTheBlockOnly() {
      AtomicReference<String> seen = new AtomicReference<>();

      BAGGAGE.extractAndRun(header("tenant=acme"), MapCarrier.GETTER, () -> seen.set(TENANT.get()));

      assertThat(seen).hasValue("acme");
      assertThat(TENANT.isBound()).isFalse();
    }

    @Test
    void extractAndRunRestoresTheContextWhenTheBlockThrows() {
      IllegalStateException failure = new IllegalStateException("handler failed");

      assertThatThrownBy(() -> BAGGAGE.extractAndRun(header("tenant=acme"), MapCarrier.GETTER, () -> {
            TENANT.set("changed");
            throw failure;
          }))
          .isSameAs(failure);
      assertThat(TENANT.isBound()).isFalse();
    }

    @Test
    void extractAndCallReturnsTheResult() throws Exception {
      String result = BAGGAGE.extractAndCall(header("tenant=acme,priority=2"), MapCarrier.GETTER,
          () -> TENANT.get() + "/" + PRIORITY.get());

      assertThat(result).isEqualTo("acme/2");
      assertThat(TENANT.isBound()).isFalse();
    }

    @Test
    void fromBaggageBindsWhatAnInstrumentedLibraryExtracted() {
      Baggage baggage = Baggage.builder().put("tenant", "acme").put("other", "x").build();

      assertThat(boundIn(BAGGAGE.fromBaggage(baggage))).containsOnly(Map.entry("tenant", "acme"));
      assertThat(BAGGAGE.fromBaggage(Baggage.empty()).isEmpty()).isTrue();
    }

    @Test
    void rejectsNullArguments() {
      Map<String, String> headers = new HashMap<>();
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.extract(null, MapCarrier.GETTER))
          .withMessage("carrier must not be null");
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.extract(headers, null))
          .withMessage("getter must not be null");
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.extractAndRun(headers, MapCarrier.GETTER, null))
          .withMessage("action must not be null");
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.extractAndCall(headers, MapCarrier.GETTER, null))
          .withMessage("action must not be null");
      assertThatNullPointerException().isThrownBy(() -> BAGGAGE.fromBaggage(null))
          .withMessage("baggage must not be null");
    }
  }
}
