package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TokenTest {

  private final ContextVar<Integer> count = ContextVar.of("count");

  @Test
  void oldValueWithoutOneThrowsNamingTheVar() {
    try (Token<Integer> token = count.set(1)) {
      assertThat(token.hasOldValue()).isFalse();
      assertThatThrownBy(token::oldValue)
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("ContextVar(count)")
          .hasMessageContaining("hasOldValue");
    }
  }

  @Test
  void oldValueIsTheValueBeforeTheSet() {
    try (Token<Integer> outer = count.set(1);
        Token<Integer> inner = count.set(2)) {
      assertThat(inner.hasOldValue()).isTrue();
      assertThat(inner.oldValue()).isEqualTo(1);
    }
  }

  @Test
  void closeIsReset() {
    Token<Integer> token = count.set(1);
    token.close();
    assertThat(token.isUsed()).isTrue();
    assertThat(count.isBound()).isFalse();
  }

  @Test
  void closingTwiceFailsLikeResettingTwice() {
    Token<Integer> token = count.set(1);
    token.close();
    assertThatThrownBy(token::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already been used");
  }

  @Test
  void toStringShowsVarWhetherThereWasAnOldValueAndUseButNeverAValue() {
    Token<Integer> first = count.set(1);
    Token<Integer> second = count.set(2);
    assertThat(first).hasToString("Token(ContextVar(count), no old value)");
    assertThat(second).hasToString("Token(ContextVar(count), had an old value)");
    second.close();
    assertThat(second).hasToString("Token(ContextVar(count), had an old value, used)");
    first.close();
  }

  @Test
  void aTokenIsOnlyUsedWhenTheResetSucceeds() {
    Context other = new Context();
    Token<Integer> token = other.supply(() -> count.set(1));
    assertThatThrownBy(token::close).isInstanceOf(IllegalArgumentException.class);
    assertThat(token.isUsed()).isFalse();
    other.run(token::close);
    assertThat(token.isUsed()).isTrue();
  }
}
