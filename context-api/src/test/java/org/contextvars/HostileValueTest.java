package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Values and defaults whose {@code equals}, {@code hashCode} and {@code toString} throw: every path
 * that formats a message or compares contexts still throws our exception with our message, never
 * prints a value, and leaves every binding as it was.
 */
class HostileValueTest {

  /** Thrown by every method of a {@link Hostile} value. */
  static final class HostileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HostileException() {
      super("hostile");
    }
  }

  /** A value that refuses to be compared, hashed or printed. */
  static final class Hostile {
    @Override
    public boolean equals(Object obj) {
      throw new HostileException();
    }

    @Override
    public int hashCode() {
      throw new HostileException();
    }

    @Override
    public String toString() {
      throw new HostileException();
    }
  }

  private final Hostile value = new Hostile();
  private final ContextVar<Hostile> var = ContextVar.of("hostile");
  private final ContextVar<Hostile> withDefault = ContextVar.of("hostileDefault", new Hostile());

  @Test
  void setGetResetCopyAndWithNeverTouchTheValue() {
    try (Token<Hostile> token = var.set(value)) {
      assertThat(var.get()).isSameAs(value);
      Context copy = Context.copyCurrent();
      assertThat(copy.get(var)).isSameAs(value);
      assertThat(copy.with(withDefault, value).size()).isEqualTo(2);
      assertThat(token.hasOldValue()).isFalse();
    }
    assertThat(var.isBound()).isFalse();
  }

  @Test
  void aSecondResetGetsOurExceptionNamingTheVariable() {
    Token<Hostile> outer = var.set(value);
    Token<Hostile> inner = var.set(new Hostile());
    inner.close();
    assertThatThrownBy(inner::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ContextVar(hostile)")
        .hasMessageContaining("already been used");
    assertThat(var.get()).isSameAs(value);
    outer.close();
  }

  @Test
  void aTokenOfAnotherVariableOrContextGetsOurException() {
    try (Token<Hostile> mine = var.set(value)) {
      Token<Hostile> theirs = new Context().supply(() -> withDefault.set(value));
      assertThatThrownBy(() -> var.reset(theirs))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ContextVar(hostileDefault)")
          .hasMessageNotContaining("default=");
      Token<Hostile> elsewhere = new Context().supply(() -> var.set(value));
      assertThatThrownBy(() -> var.reset(elsewhere))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("different context");
      assertThat(var.get()).isSameAs(value);
    }
  }

  @Test
  void anUnboundVariableWithAHostileDefaultIsReportedByName() {
    Context empty = new Context();
    assertThatThrownBy(() -> empty.get(withDefault))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("ContextVar(hostileDefault) is not bound");
    assertThat(withDefault.get()).isNotNull();
  }

  @Test
  void theEnteredCheckNamesTheContextNotItsValues() {
    Context ctx = new Context().with(var, value);
    ctx.run(() -> assertThatThrownBy(() -> ctx.run(() -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[hostile]")
        .hasMessageContaining("already entered on this thread"));
  }

  @Test
  void aMismatchedExitNamesTheContextsNotTheirValues() {
    List<ContextLeak> reports = new ArrayList<>();
    LeakCheck.Listener previous = LeakCheck.setListener(reports::add);
    try {
      Context ctx = new Context().with(var, value);
      assertThatThrownBy(() -> ctx.run(() -> ContextSwitch.enter(new Context().with(var, value))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("[hostile]");
      assertThat(reports).singleElement().satisfies(r -> assertThat(r.message()).contains("[hostile]"));
    } finally {
      LeakCheck.setListener(previous);
    }
  }

  @Test
  void tokenAndVariableToStringNeverRunTheValuesToString() {
    try (Token<Hostile> first = var.set(value); Token<Hostile> second = var.set(value)) {
      assertThat(second).hasToString("Token(ContextVar(hostile), had an old value)");
      assertThat(withDefault.toString())
          .isEqualTo("ContextVar(hostileDefault, default=<toString threw "
              + HostileException.class.getName() + ">)");
    }
  }

  @Test
  void contextToStringShowsWhichValueFailedToPrint() {
    Context ctx = new Context().with(var, value);
    assertThat(ctx).hasToString(
        "Context{hostile=<toString threw " + HostileException.class.getName() + ">}");
  }

  @Test
  void comparingOrHashingContextsWrapsTheValuesExceptionInOursNamingTheVariable() {
    Context one = new Context().with(var, value);
    Context other = new Context().with(var, new Hostile());
    assertThatThrownBy(() -> one.equals(other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("equals of the value of ContextVar(hostile) threw")
        .hasCauseInstanceOf(HostileException.class);
    assertThatThrownBy(one::hashCode)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hashCode of the value of ContextVar(hostile) threw")
        .hasCauseInstanceOf(HostileException.class);
    assertThat(one.equals(one.copy())).as("the same bindings need no value comparison").isTrue();
  }
}
