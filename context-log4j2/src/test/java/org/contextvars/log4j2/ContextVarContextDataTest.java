package org.contextvars.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.contextvars.Context;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextVarContextDataTest {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final ContextVar<Integer> ATTEMPT = ContextVar.of("attempt", 0);
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");

  private final ContextVarDataProvider provider = new ContextVarDataProvider();

  @AfterEach
  void nothingIsLeftInstalledOrBound() {
    ContextVarContextData.install(REQUEST_ID).close(); // fails if a test left an installation
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  @Test
  void suppliesTheBindingsOfTheCurrentContextUnderTheirKeys() {
    try (ContextVarContextData installed = ContextVarContextData.install(REQUEST_ID, ATTEMPT)) {
      new Context()
          .run(
              () -> {
                REQUEST_ID.set("r-1");
                ATTEMPT.set(3);
                assertThat(provider.supplyContextData())
                    .isEqualTo(Map.of("requestId", "r-1", "attempt", "3"));
                assertThat(provider.supplyStringMap().toMap())
                    .isEqualTo(Map.of("requestId", "r-1", "attempt", "3"));
                assertThat(provider.supplyStringMap().isFrozen()).isTrue();
                assertThat(provider.getValue("requestId")).isEqualTo("r-1");
                assertThat(provider.getValue("other")).isNull();
              });
    }
  }

  @Test
  void unboundVarsDefaultsAndBoundNullsShowNothing() {
    try (ContextVarContextData installed = ContextVarContextData.install(REQUEST_ID, ATTEMPT)) {
      assertThat(provider.supplyContextData()).isEmpty();
      assertThat(provider.supplyStringMap().isEmpty()).isTrue();
      try (Token<String> t = REQUEST_ID.set(null)) {
        assertThat(provider.supplyContextData()).isEmpty();
        assertThat(provider.getValue("requestId")).isNull();
      }
    }
  }

  @Test
  void customKeysComeFromTheMapInItsOrder() {
    Map<String, ContextVar<?>> exposed = new LinkedHashMap<>();
    exposed.put("req.id", REQUEST_ID);
    exposed.put("tenant.id", TENANT);
    try (ContextVarContextData installed = ContextVarContextData.install(exposed);
        Token<String> t = REQUEST_ID.set("r-2")) {
      assertThat(provider.supplyContextData()).isEqualTo(Map.of("req.id", "r-2"));
      assertThat(installed.exposed()).containsExactly(
          Map.entry("req.id", REQUEST_ID), Map.entry("tenant.id", TENANT));
      assertThat(installed.toString()).contains("req.id", "tenant.id");
    }
  }

  @Test
  void suppliesNothingBeforeInstallAndAfterClose() {
    try (Token<String> t = REQUEST_ID.set("r-3")) {
      assertThat(provider.supplyContextData()).isEmpty();
      ContextVarContextData installed = ContextVarContextData.install(REQUEST_ID);
      assertThat(provider.supplyContextData()).containsEntry("requestId", "r-3");
      installed.close();
      installed.close();
      assertThat(provider.supplyContextData()).isEmpty();
      assertThat(provider.supplyStringMap().isEmpty()).isTrue();
      assertThat(provider.getValue("requestId")).isNull();
    }
  }

  @Test
  void secondInstallIsRejectedAndChangesNothing() {
    try (ContextVarContextData first = ContextVarContextData.install(REQUEST_ID);
        Token<String> t = REQUEST_ID.set("r-4");
        Token<String> u = TENANT.set("acme")) {
      assertThatThrownBy(() -> ContextVarContextData.install(TENANT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already installed")
          .hasMessageContaining("requestId")
          .hasMessageNotContaining("r-4");
      assertThat(provider.supplyContextData()).isEqualTo(Map.of("requestId", "r-4"));
    }
  }

  @Test
  void closingAnEarlierInstallationLeavesALaterOneInPlace() {
    ContextVarContextData first = ContextVarContextData.install(REQUEST_ID);
    first.close();
    try (ContextVarContextData second = ContextVarContextData.install(TENANT);
        Token<String> t = TENANT.set("acme")) {
      first.close();
      assertThat(provider.supplyContextData()).isEqualTo(Map.of("tenant", "acme"));
    }
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> ContextVarContextData.install(REQUEST_ID, ContextVar.of("requestId")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'requestId'");
    assertThatThrownBy(() -> ContextVarContextData.install(new ContextVar<?>[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> ContextVarContextData.install(REQUEST_ID, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("ContextVar");
    assertThatThrownBy(() -> ContextVarContextData.install((ContextVar<?>[]) null))
        .isInstanceOf(NullPointerException.class);
    Map<String, ContextVar<?>> nullVar = new HashMap<>();
    nullVar.put("orphan", null);
    assertThatThrownBy(() -> ContextVarContextData.install(nullVar))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("orphan");
    Map<String, ContextVar<?>> nullKey = new HashMap<>();
    nullKey.put(null, REQUEST_ID);
    assertThatThrownBy(() -> ContextVarContextData.install(nullKey))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    // Nothing was installed by any of these.
    assertThat(provider.supplyContextData()).isEmpty();
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
    try (ContextVarContextData installed = ContextVarContextData.install(secret);
        Token<Object> t = secret.set(hostile)) {
      assertThat(provider.supplyContextData()).isEqualTo(Map.of("secret", "[FAILED toString()]"));
      assertThat(provider.supplyStringMap().toMap())
          .isEqualTo(Map.of("secret", "[FAILED toString()]"));
      assertThat(provider.getValue("secret")).isEqualTo("[FAILED toString()]");
    }
  }

  @Test
  void aValueWhoseToStringFailsDoesNotBreakTheMessageOfAnError() {
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("private");
          }
        };
    ContextVar<Object> secret = ContextVar.of("secret");
    try (ContextVarContextData installed = ContextVarContextData.install(secret);
        Token<Object> t = secret.set(hostile)) {
      assertThatThrownBy(() -> ContextVarContextData.install(REQUEST_ID))
          .hasMessageContaining("secret");
    }
  }
}
