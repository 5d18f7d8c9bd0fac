package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.Test;

class ContextVarMdcAdapterTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final ContextVar<Integer> ATTEMPT = ContextVar.of("attempt", 0);
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");

  private final LogbackMDCAdapter delegate = new LogbackMDCAdapter();
  private final ContextVarMdcAdapter adapter =
      new ContextVarMdcAdapter(delegate, exposed("req", REQUEST_ID, "attempt", ATTEMPT, "tenant", TENANT));

  private static Map<String, ContextVar<?>> exposed(Object... keyThenVar) {
    Map<String, ContextVar<?>> map = new LinkedHashMap<>();
    for (int i = 0; i < keyThenVar.length; i += 2) {
      map.put((String) keyThenVar[i], (ContextVar<?>) keyThenVar[i + 1]);
    }
    return map;
  }

  @Test
  void getShowsTheBindingOfTheCurrentContextUnderItsKey() {
    new Context()
        .run(
            () -> {
              REQUEST_ID.set("r-1");
              ATTEMPT.set(3);
              assertThat(adapter.get("req")).isEqualTo("r-1");
              assertThat(adapter.get("attempt")).isEqualTo("3");
              assertThat(adapter.get("requestId")).as("the var's name is not the key here").isNull();
            });
  }

  @Test
  void unboundVarShowsNothingEvenWithADefault() {
    assertThat(adapter.get("attempt")).isNull();
    assertThat(adapter.get("req")).isNull();
    assertThat(adapter.getCopyOfContextMap()).isNull();
  }

  @Test
  void boundNullShowsNothing() {
    new Context()
        .run(
            () -> {
              REQUEST_ID.set(null);
              assertThat(adapter.get("req")).isNull();
              assertThat(adapter.getCopyOfContextMap()).isNull();
            });
  }

  @Test
  void aValueWhoseToStringThrowsShowsAMarkerInsteadOfFailingTheLogCall() {
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("private");
          }
        };
    ContextVar<Object> secret = ContextVar.of("secret");
    ContextVarMdcAdapter withSecret = new ContextVarMdcAdapter(delegate, Map.of("secret", secret));
    try (Token<Object> t = secret.set(hostile)) {
      assertThat(withSecret.get("secret")).isEqualTo("[FAILED toString()]");
      assertThat(withSecret.getCopyOfContextMap()).isEqualTo(Map.of("secret", "[FAILED toString()]"));
    }
  }

  @Test
  void putOnAnExposedKeyIsNotStoredWhetherOrNotTheVarIsBound() {
    adapter.put("req", "from-put");
    assertThat(adapter.get("req")).isNull();
    try (Token<String> t = REQUEST_ID.set("from-var")) {
      adapter.put("req", "from-put-while-bound");
      assertThat(adapter.get("req")).isEqualTo("from-var");
      assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("req", "from-var"));
    }
    assertThat(adapter.get("req")).isNull();
    assertThat(delegate.getCopyOfContextMap()).isNull();
  }

  @Test
  void anEntryWrittenStraightIntoTheDelegateUnderAnExposedKeyIsHiddenAndNeverCopied() {
    delegate.put("req", "written-before-install");
    delegate.put("user", "ann");
    assertThat(adapter.get("req")).isNull();
    assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann", "req", "r-1"));
    }
    adapter.remove("req");
    assertThat(delegate.get("req")).as("remove still reaches the delegate").isNull();
    delegate.clear();
  }

  @Test
  void copyOfContextMapMergesPutEntriesAndBindings() {
    adapter.put("user", "ann");
    new Context()
        .run(
            () -> {
              REQUEST_ID.set("r-2");
              TENANT.set("acme");
              assertThat(adapter.getCopyOfContextMap())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of("user", "ann", "req", "r-2", "tenant", "acme"));
            });
    assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    adapter.clear();
  }

  @Test
  void copyOfContextMapIsACopy() {
    try (Token<String> t = REQUEST_ID.set("r-3")) {
      Map<String, String> copy = adapter.getCopyOfContextMap();
      copy.put("req", "changed");
      assertThat(adapter.get("req")).isEqualTo("r-3");
    }
  }

  @Test
  void writesGoToTheDelegate() {
    adapter.put("k", "v");
    assertThat(delegate.get("k")).isEqualTo("v");
    adapter.remove("k");
    assertThat(delegate.get("k")).isNull();
    adapter.setContextMap(new HashMap<>(Map.of("a", "1")));
    assertThat(delegate.get("a")).isEqualTo("1");
    adapter.clear();
    assertThat(delegate.getCopyOfContextMap()).isNull();
    adapter.pushByKey("stack", "x");
    assertThat(adapter.getCopyOfDequeByKey("stack")).containsExactly("x");
    assertThat(adapter.popByKey("stack")).isEqualTo("x");
    adapter.pushByKey("stack", "y");
    adapter.clearDequeByKey("stack");
    assertThat(delegate.getCopyOfDequeByKey("stack")).isNullOrEmpty();
  }

  @Test
  void clearCannotRemoveABinding() {
    try (Token<String> t = REQUEST_ID.set("r-4")) {
      adapter.clear();
      assertThat(adapter.get("req")).isEqualTo("r-4");
    }
  }

  @Test
  void exposedKeepsTheGivenOrder() {
    assertThat(adapter.exposed()).containsExactly(
        Map.entry("req", REQUEST_ID), Map.entry("attempt", ATTEMPT), Map.entry("tenant", TENANT));
    assertThat(adapter.delegate()).isSameAs(delegate);
    assertThat(adapter.toString()).contains("req", "attempt", "tenant");
  }

  @Test
  void rejectsAnEmptyMap() {
    assertThatThrownBy(() -> new ContextVarMdcAdapter(delegate, Collections.emptyMap()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one ContextVar");
  }

  @Test
  void rejectsANullVarNamingItsKey() {
    Map<String, ContextVar<?>> map = new HashMap<>();
    map.put("orphan", null);
    assertThatThrownBy(() -> new ContextVarMdcAdapter(delegate, map))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("orphan");
  }

  @Test
  void rejectsANullKeyAndANullDelegate() {
    Map<String, ContextVar<?>> map = new HashMap<>();
    map.put(null, REQUEST_ID);
    assertThatThrownBy(() -> new ContextVarMdcAdapter(delegate, map))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("MDC key");
    assertThatThrownBy(() -> new ContextVarMdcAdapter(null, Map.of("req", REQUEST_ID)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("delegate");
  }
}
