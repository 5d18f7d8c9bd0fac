package org.contextvars.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.HashMap;
import java.util.Map;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.MDCAdapter;

/**
 * The save and restore that MDC users write by hand: {@code saved = getCopyOfContextMap(); ...;
 * setContextMap(saved)}. A variable's value must never become a thread-local entry through it.
 */
class MdcRoundTripTest extends ContextTestBase {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");

  final MDCAdapter delegate = newDelegate();
  private final ContextVarMdcAdapter adapter =
      new ContextVarMdcAdapter(delegate, Map.of("requestId", REQUEST_ID));

  /** Logback's adapter here; {@link MdcRoundTripBasicAdapterTest} runs every test over SLF4J's own. */
  MDCAdapter newDelegate() {
    return new LogbackMDCAdapter();
  }

  @Test
  void restoringACopyInsideTheBindingLeavesNothingAfterIt() {
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      Map<String, String> saved = adapter.getCopyOfContextMap();
      assertThat(saved).isEqualTo(Map.of("requestId", "r-1"));
      adapter.setContextMap(saved);
      assertThat(adapter.get("requestId")).isEqualTo("r-1");
    }
    assertThat(adapter.get("requestId")).isNull();
    assertThat(adapter.getCopyOfContextMap()).isNullOrEmpty();
    assertThat(delegate.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aCopyTakenWhileBoundDoesNotBringTheValueBackAfterTheBindingEnds() {
    Map<String, String> saved;
    adapter.put("user", "ann");
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      saved = adapter.getCopyOfContextMap();
    }
    adapter.clear();
    adapter.setContextMap(saved);
    assertThat(adapter.get("requestId")).isNull();
    assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    assertThat(delegate.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    adapter.clear();
  }

  @Test
  void aCopyRestoredUnderAnotherBindingShowsThatBinding() {
    Map<String, String> saved;
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      saved = adapter.getCopyOfContextMap();
    }
    try (Token<String> t = REQUEST_ID.set("r-2")) {
      adapter.setContextMap(saved);
      assertThat(adapter.get("requestId")).isEqualTo("r-2");
    }
    assertThat(adapter.get("requestId")).isNull();
    assertThat(delegate.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void nestedSaveAndRestoreAcrossNestedBindingsLeavesNothing() {
    adapter.put("user", "ann");
    try (Token<String> outer = REQUEST_ID.set("outer")) {
      Map<String, String> savedOuter = adapter.getCopyOfContextMap();
      try (Token<String> inner = REQUEST_ID.set("inner")) {
        Map<String, String> savedInner = adapter.getCopyOfContextMap();
        adapter.setContextMap(savedOuter); // an older map, restored under a newer binding
        assertThat(adapter.get("requestId")).isEqualTo("inner");
        adapter.put("step", "2");
        adapter.setContextMap(savedInner);
        assertThat(adapter.get("step")).isNull();
      }
      assertThat(adapter.get("requestId")).isEqualTo("outer");
      adapter.setContextMap(savedOuter);
      assertThat(adapter.getCopyOfContextMap())
          .isEqualTo(Map.of("user", "ann", "requestId", "outer"));
    }
    assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    assertThat(delegate.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    adapter.clear();
  }

  @Test
  void aCopyCarriesTheOrdinaryEntriesButNotTheVariablesToAnotherContext() {
    Map<String, String> saved;
    adapter.put("user", "ann");
    try (Token<String> t = REQUEST_ID.set("r-1")) {
      saved = adapter.getCopyOfContextMap();
    }
    adapter.clear();
    new Context()
        .run(
            () -> {
              adapter.setContextMap(saved);
              assertThat(adapter.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
              adapter.clear();
            });
  }

  @Test
  void theCallersMapIsLeftAsItWas() {
    Map<String, String> given = new HashMap<>(Map.of("requestId", "r-9", "user", "ann"));
    adapter.setContextMap(given);
    assertThat(given).isEqualTo(Map.of("requestId", "r-9", "user", "ann"));
    assertThat(delegate.getCopyOfContextMap()).isEqualTo(Map.of("user", "ann"));
    adapter.clear();
  }

  @Test
  void aNullMapIsPassedOnAsTheDelegateDefinesIt() {
    adapter.put("user", "ann");
    adapter.setContextMap(null);
    assertThat(delegate.getCopyOfContextMap()).isNullOrEmpty();
  }
}
