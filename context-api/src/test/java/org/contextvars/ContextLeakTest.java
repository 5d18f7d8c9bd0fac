package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContextLeakTest {

  private static final ContextVar<String> REQUEST = ContextVar.of("request");

  @Test
  void anUnresetTokenReportNamesTheVariableTheThreadAndTheFix() {
    Throwable site = new Throwable();
    ContextLeak leak = new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, REQUEST, "worker-1", site);
    assertThat(leak.kind()).isEqualTo(ContextLeak.Kind.UNRESET_TOKEN);
    assertThat(leak.var()).isSameAs(REQUEST);
    assertThat(leak.threadName()).isEqualTo("worker-1");
    assertThat(leak.setSite()).isSameAs(site);
    assertThat(leak.message()).contains("ContextVar(request)", "'worker-1'", "try (");
    assertThat(leak.toString()).contains("UNRESET_TOKEN", leak.message());
  }

  @Test
  void aBindingOutsideATaskReportNamesTheVariableTheThreadAndTheFix() {
    ContextLeak leak =
        new ContextLeak(ContextLeak.Kind.BOUND_OUTSIDE_TASK, REQUEST, "worker-2", null);
    assertThat(leak.setSite()).isNull();
    assertThat(leak.message())
        .contains("'worker-2'", "ContextVar(request)", "outside any task", "reset the Token");
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> new ContextLeak(null, REQUEST, "t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kind must not be null");
    assertThatThrownBy(() -> new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, null, "t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("var must not be null");
    assertThatThrownBy(() -> new ContextLeak(ContextLeak.Kind.UNRESET_TOKEN, REQUEST, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("threadName must not be null");
  }
}
