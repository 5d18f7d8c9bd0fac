package org.contextvars.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.contextvars.ContextVar;
import org.junit.jupiter.api.Test;

class FilterConfigurationTest {
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("requestId");
  private static final ContextVar<String> TENANT = ContextVar.of("tenant");

  @Test
  void bindReturnsANewFilterAndLeavesTheReceiverAsItWas() {
    ContextVarsWebFilter empty = ContextVarsWebFilter.create();
    ContextVarsWebFilter one = empty.bind(REQUEST_ID, exchange -> "r");
    ContextVarsWebFilter two = one.bind(TENANT, exchange -> "t");
    assertThat(empty.toString()).isEqualTo("ContextVarsWebFilter[]");
    assertThat(one.toString()).isEqualTo("ContextVarsWebFilter[requestId]");
    assertThat(two.toString()).isEqualTo("ContextVarsWebFilter[requestId, tenant]");

    ContextVarsServletFilter servlet = ContextVarsServletFilter.create().bind(TENANT, r -> "t");
    assertThat(servlet.toString()).isEqualTo("ContextVarsServletFilter[tenant]");
  }

  @Test
  void orderDefaultsEarlyAndCanBeChangedWithoutLosingBindings() {
    ContextVarsWebFilter web = ContextVarsWebFilter.create().bind(REQUEST_ID, e -> "r");
    assertThat(web.getOrder()).isEqualTo(ContextVarsWebFilter.DEFAULT_ORDER);
    ContextVarsWebFilter late = web.withOrder(10);
    assertThat(late.getOrder()).isEqualTo(10);
    assertThat(late.toString()).contains("requestId");
    assertThat(web.getOrder()).isEqualTo(ContextVarsWebFilter.DEFAULT_ORDER);

    ContextVarsServletFilter servlet = ContextVarsServletFilter.create().withOrder(-5);
    assertThat(servlet.getOrder()).isEqualTo(-5);
    assertThat(ContextVarsServletFilter.create().getOrder())
        .isEqualTo(ContextVarsServletFilter.DEFAULT_ORDER);
  }

  @Test
  void nullVarsAndNullFunctionsAreRejectedNamingTheVar() {
    assertThatThrownBy(() -> ContextVarsWebFilter.create().bind(null, e -> "r"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("var");
    assertThatThrownBy(() -> ContextVarsWebFilter.create().bind(REQUEST_ID, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("requestId");
    assertThatThrownBy(() -> ContextVarsServletFilter.create().bind(TENANT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tenant");
  }
}
