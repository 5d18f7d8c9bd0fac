package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContextVarTest {

  private final ContextVar<String> name = ContextVar.of("name");
  private final ContextVar<String> withDefault = ContextVar.of("with_default", "fallback");

  @Nested
  class Reading {

    @Test
    void getWithoutBindingOrDefaultThrowsNamingTheVar() {
      assertThatThrownBy(name::get)
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("ContextVar(name)")
          .hasMessageContaining("no default");
    }

    @Test
    void getFallsBackToTheDefault() {
      assertThat(withDefault.get()).isEqualTo("fallback");
      assertThat(withDefault.isBound()).isFalse();
    }

    @Test
    void nullIsALegalDefault() {
      ContextVar<String> nullable = ContextVar.of("nullable", null);
      assertThat(nullable.get()).isNull();
      assertThat(nullable.isBound()).isFalse();
    }

    @Test
    void orElseIgnoresTheVarsOwnDefault() {
      assertThat(withDefault.orElse("other")).isEqualTo("other");
      assertThat(name.orElse("other")).isEqualTo("other");
      assertThat(name.orElse(null)).isNull();
    }

    @Test
    void boundValueWinsOverDefaultAndOrElse() {
      try (Token<String> token = withDefault.set("bound")) {
        assertThat(withDefault.get()).isEqualTo("bound");
        assertThat(withDefault.orElse("other")).isEqualTo("bound");
        assertThat(withDefault.isBound()).isTrue();
      }
      assertThat(withDefault.get()).isEqualTo("fallback");
    }

    @Test
    void readsFollowTheContextPastASmallMapAndBack() {
      List<ContextVar<Integer>> vars = twelveVarsHalfWithDefaults();
      Deque<Token<Integer>> tokens = new ArrayDeque<>();
      for (int bound = 1; bound <= vars.size(); bound++) {
        tokens.push(vars.get(bound - 1).set(bound - 1));
        assertReads(vars, bound);
      }
      while (!tokens.isEmpty()) {
        tokens.pop().close();
        assertReads(vars, tokens.size());
      }
    }

    @Test
    void readsInACopyNobodySetInSeeItsBindingsSmallOrLarge() {
      List<ContextVar<Integer>> vars = twelveVarsHalfWithDefaults();
      Deque<Token<Integer>> tokens = new ArrayDeque<>();
      for (int bound = 0; bound <= vars.size(); bound++) {
        if (bound > 0) {
          tokens.push(vars.get(bound - 1).set(bound - 1));
        }
        int expected = bound;
        Context.copyCurrent().run(() -> assertReads(vars, expected));
        Context.copyCurrent().copy().run(() -> assertReads(vars, expected));
        Context.copyCurrent().wrap(() -> assertReads(vars, expected)).run();
        // A binding made in the copy moves its reads from the table it was made with to its own.
        Context.copyCurrent()
            .run(
                () -> {
                  ContextVar<Integer> last = vars.get(vars.size() - 1);
                  last.set(-3);
                  assertThat(last.get()).isEqualTo(-3);
                  assertThat(vars.get(0).orElse(-2)).isEqualTo(expected > 0 ? 0 : -2);
                });
        assertReads(vars, bound);
      }
      while (!tokens.isEmpty()) {
        tokens.pop().close();
      }
    }

    private List<ContextVar<Integer>> twelveVarsHalfWithDefaults() {
      List<ContextVar<Integer>> vars = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        vars.add(i % 2 == 0 ? ContextVar.of("v" + i) : ContextVar.of("v" + i, -1));
      }
      return vars;
    }

    /** The first {@code bound} variables hold their index; the rest are unbound. */
    private void assertReads(List<ContextVar<Integer>> vars, int bound) {
      for (int i = 0; i < vars.size(); i++) {
        ContextVar<Integer> var = vars.get(i);
        assertThat(var.isBound()).as("%s bound, %s", bound, var).isEqualTo(i < bound);
        assertThat(var.orElse(-2)).as("%s bound, %s", bound, var).isEqualTo(i < bound ? i : -2);
        if (i < bound || i % 2 == 1) {
          assertThat(var.get()).as("%s bound, %s", bound, var).isEqualTo(i < bound ? i : -1);
        } else {
          assertThatThrownBy(var::get).isInstanceOf(NoSuchElementException.class);
        }
      }
    }

    @Test
    void nullIsALegalValueAndCountsAsBound() {
      try (Token<String> token = withDefault.set(null)) {
        assertThat(withDefault.get()).isNull();
        assertThat(withDefault.orElse("other")).isNull();
        assertThat(withDefault.isBound()).isTrue();
      }
    }
  }

  @Nested
  class SettingAndResetting {

    @Test
    void setReturnsATokenRememberingThatThereWasNoValue() {
      Token<String> token = name.set("a");
      assertThat(token.var()).isSameAs(name);
      assertThat(token.hasOldValue()).isFalse();
      assertThat(token.isUsed()).isFalse();
      name.reset(token);
      assertThat(token.isUsed()).isTrue();
      assertThat(name.isBound()).isFalse();
    }

    @Test
    void resetRestoresThePreviousValue() {
      Token<String> outer = name.set("a");
      Token<String> inner = name.set("b");
      assertThat(inner.hasOldValue()).isTrue();
      assertThat(inner.oldValue()).isEqualTo("a");
      name.reset(inner);
      assertThat(name.get()).isEqualTo("a");
      name.reset(outer);
      assertThat(name.isBound()).isFalse();
    }

    @Test
    void resetOfAVarWithDefaultRemovesTheBindingNotSetsTheDefault() {
      Token<String> token = withDefault.set("x");
      withDefault.reset(token);
      assertThat(withDefault.isBound()).isFalse();
      assertThat(Context.copyCurrent().contains(withDefault)).isFalse();
      assertThat(Context.copyCurrent().size()).isZero();
    }

    @Test
    void resetIsNotLifoCheckedAndRestoresWhatTheTokenRecorded() {
      Token<String> first = name.set("1");
      Token<String> second = name.set("2");
      name.reset(first);
      assertThat(name.isBound()).isFalse();
      Token<String> third = name.set("3");
      name.reset(second);
      assertThat(name.get()).isEqualTo("1");
      name.reset(third);
      assertThat(name.isBound()).isFalse();
    }

    @Test
    void oldValueMayBeNull() {
      Token<String> first = name.set(null);
      Token<String> second = name.set("b");
      assertThat(second.hasOldValue()).isTrue();
      assertThat(second.oldValue()).isNull();
      name.reset(second);
      assertThat(name.isBound()).isTrue();
      assertThat(name.get()).isNull();
      name.reset(first);
    }

    @Test
    void tryWithResourcesResetsOnExitAlsoWhenTheBodyThrows() {
      assertThatThrownBy(
              () -> {
                try (Token<String> token = name.set("inside")) {
                  throw new IllegalStateException("boom");
                }
              })
          .hasMessage("boom");
      assertThat(name.isBound()).isFalse();
    }

    @Test
    void settingTheSameValueTwiceStillYieldsIndependentTokens() {
      Token<String> first = name.set("same");
      Token<String> second = name.set("same");
      assertThat(second.oldValue()).isEqualTo("same");
      name.reset(second);
      assertThat(name.get()).isEqualTo("same");
      name.reset(first);
      assertThat(name.isBound()).isFalse();
    }
  }

  @Nested
  class Misuse {

    @Test
    void ofRejectsANullName() {
      assertThatThrownBy(() -> ContextVar.of(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("name");
      assertThatThrownBy(() -> ContextVar.of(null, "default"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("name");
    }

    @Test
    void resetRejectsNull() {
      assertThatThrownBy(() -> name.reset(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("token");
    }

    @Test
    void aUsedTokenCannotResetAgainAndNothingChanges() {
      Token<String> token = name.set("a");
      name.reset(token);
      Token<String> later = name.set("b");

      assertThatThrownBy(() -> name.reset(token))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ContextVar(name)")
          .hasMessageContaining("already been used");
      assertThatThrownBy(token::close).isInstanceOf(IllegalStateException.class);
      assertThat(name.get()).isEqualTo("b");
      name.reset(later);
    }

    @Test
    void aTokenOfAnotherVarIsRejectedAndNothingChanges() {
      ContextVar<String> other = ContextVar.of("other");
      Token<String> token = other.set("o");
      Token<String> mine = name.set("n");

      assertThatThrownBy(() -> name.reset(token))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ContextVar(other)")
          .hasMessageContaining("ContextVar(name)");
      assertThat(token.isUsed()).isFalse();
      assertThat(name.get()).isEqualTo("n");
      assertThat(other.get()).isEqualTo("o");

      name.reset(mine);
      other.reset(token);
    }

    @Test
    void aTokenFromAnotherContextIsRejectedAndNothingChanges() {
      Context ctx = new Context();
      Token<String> fromInside = ctx.supply(() -> name.set("inside"));
      Token<String> outside = name.set("outside");

      assertThatThrownBy(() -> name.reset(fromInside))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ContextVar(name)")
          .hasMessageContaining("different context")
          .hasMessageContaining("Context@");
      assertThat(fromInside.isUsed()).isFalse();
      assertThat(name.get()).isEqualTo("outside");
      assertThat(ctx.get(name)).isEqualTo("inside");

      ctx.run(() -> name.reset(fromInside));
      assertThat(ctx.contains(name)).isFalse();
      name.reset(outside);
    }

    @Test
    void aTokenCannotBeResetFromAnotherThread() throws Exception {
      Token<String> token = name.set("main");
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread other = new Thread(() -> {
        try {
          name.reset(token);
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      other.start();
      other.join();
      assertThat(failure.get()).isInstanceOf(IllegalArgumentException.class);
      assertThat(name.get()).isEqualTo("main");
      name.reset(token);
    }

    @Test
    void usedIsCheckedBeforeTheVar() {
      ContextVar<String> other = ContextVar.of("other");
      Token<String> token = other.set("o");
      other.reset(token);
      assertThatThrownBy(() -> name.reset(token)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theVarIsCheckedBeforeTheContext() {
      ContextVar<String> other = ContextVar.of("other");
      Context ctx = new Context();
      Token<String> token = ctx.supply(() -> other.set("o"));
      assertThatThrownBy(() -> name.reset(token))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not by ContextVar(name)");
    }
  }

  @Nested
  class Identity {

    @Test
    void varsWithTheSameNameAreDistinct() {
      ContextVar<String> twin = ContextVar.of("name");
      assertThat(twin).isNotEqualTo(name);
      try (Token<String> token = name.set("mine")) {
        assertThat(twin.isBound()).isFalse();
      }
    }

    @Test
    void equalsAndHashCodeAreIdentityBased() {
      assertThat(name).isEqualTo(name).hasSameHashCodeAs(name);
      assertThat(name).isNotEqualTo(withDefault);
      assertThat(name.name()).isEqualTo("name");
    }

    @Test
    void toStringShowsNameAndDefault() {
      assertThat(name).hasToString("ContextVar(name)");
      assertThat(withDefault).hasToString("ContextVar(with_default, default=fallback)");
      assertThat(ContextVar.of("n", null)).hasToString("ContextVar(n, default=null)");
    }
  }
}
