package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContextTest {

  private final ContextVar<String> a = ContextVar.of("a");
  private final ContextVar<String> b = ContextVar.of("b", "b-default");

  @Nested
  class Mapping {

    @Test
    void aNewContextIsEmpty() {
      Context ctx = new Context();
      assertThat(ctx.isEmpty()).isTrue();
      assertThat(ctx.size()).isZero();
      assertThat(ctx.vars()).isEmpty();
      assertThat(ctx.toMap()).isEmpty();
      assertThat(ctx.contains(a)).isFalse();
    }

    @Test
    void defaultsAreNotBindings() {
      Context ctx = new Context();
      assertThat(ctx.contains(b)).isFalse();
      assertThat(ctx.getOrDefault(b, "fallback")).isEqualTo("fallback");
      assertThatThrownBy(() -> ctx.get(b))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("ContextVar(b) is not bound in Context@")
          .hasMessageNotContaining("b-default");
    }

    @Test
    void readsTheBindingsMadeWhileRunning() {
      Context ctx = new Context();
      ctx.run(() -> {
        a.set("1");
        b.set(null);
      });
      assertThat(ctx.get(a)).isEqualTo("1");
      assertThat(ctx.get(b)).isNull();
      assertThat(ctx.getOrDefault(b, "fallback")).isNull();
      assertThat(ctx.contains(a)).isTrue();
      assertThat(ctx.size()).isEqualTo(2);
      assertThat(ctx.isEmpty()).isFalse();
      assertThat(ctx.vars()).containsExactlyInAnyOrder(a, b);
      assertThat(ctx.toMap()).containsOnly(entry(a, "1"), entry(b, null));
    }

    @Test
    void isALiveViewWhileSnapshotsAreNot() {
      Context ctx = new Context();
      Token<String> token = ctx.supply(() -> a.set("1"));
      var vars = ctx.vars();
      var map = ctx.toMap();
      ctx.run(() -> a.reset(token));
      assertThat(ctx.contains(a)).isFalse();
      assertThat(ctx.size()).isZero();
      assertThat(vars).containsExactly(a);
      assertThat(map).containsOnly(entry(a, "1"));
    }

    @Test
    void snapshotsAreImmutable() {
      Context ctx = new Context();
      ctx.run(() -> a.set("1"));
      assertThatThrownBy(() -> ctx.vars().clear()).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> ctx.toMap().put(b, "x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullVarsAreRejectedWithAMessage() {
      Context ctx = new Context();
      assertThatThrownBy(() -> ctx.get(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("var");
      assertThatThrownBy(() -> ctx.getOrDefault(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("var");
      assertThatThrownBy(() -> ctx.contains(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("var");
    }

    @Test
    void equalityIsByContentWithValuesComparedByEquals() {
      Context first = new Context();
      Context second = new Context();
      assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
      first.run(() -> a.set(new String("v")));
      assertThat(first).isNotEqualTo(second);
      second.run(() -> a.set(new String("v")));
      assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
      second.run(() -> b.set(null));
      assertThat(first).isNotEqualTo(second);
      first.run(() -> b.set("not null"));
      assertThat(first).isNotEqualTo(second);
      first.run(() -> b.set(null));
      assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
      assertThat(first).isNotEqualTo("Context{}").isNotEqualTo(null);
    }

    @Test
    void aContextEqualsItself() {
      Context empty = new Context();
      Context bound = new Context().with(a, "v");
      // Called directly: AssertJ's isEqualTo short-circuits on identity and never calls equals.
      assertThat(empty.equals(empty)).isTrue();
      assertThat(bound.equals(bound)).isTrue();
    }

    @Test
    void sameSizeDifferentVarsAreNotEqual() {
      Context first = new Context();
      Context second = new Context();
      first.run(() -> a.set("v"));
      second.run(() -> b.set("v"));
      assertThat(first).isNotEqualTo(second);
    }

    @Test
    void toStringListsNamesAndValues() {
      Context ctx = new Context();
      assertThat(ctx).hasToString("Context{}");
      ctx.run(() -> a.set("1"));
      assertThat(ctx).hasToString("Context{a=1}");
      ctx.run(() -> b.set(null));
      assertThat(ctx.toString()).isIn("Context{a=1, b=null}", "Context{b=null, a=1}");
    }
  }

  @Nested
  class Copying {

    @Test
    void copyCurrentSnapshotsTheCurrentBindings() {
      try (Token<String> token = a.set("outer")) {
        Context copy = Context.copyCurrent();
        assertThat(copy.get(a)).isEqualTo("outer");
        try (Token<String> later = a.set("later")) {
          assertThat(copy.get(a)).isEqualTo("outer");
        }
        copy.run(() -> a.set("in copy"));
        assertThat(a.get()).isEqualTo("outer");
        assertThat(copy.get(a)).isEqualTo("in copy");
      }
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
      Context original = new Context();
      original.run(() -> a.set("1"));
      Context copy = original.copy();
      assertThat(copy).isEqualTo(original).isNotSameAs(original);
      copy.run(() -> a.set("2"));
      original.run(() -> b.set("3"));
      assertThat(original.get(a)).isEqualTo("1");
      assertThat(copy.get(a)).isEqualTo("2");
      assertThat(copy.contains(b)).isFalse();
    }

    @Test
    void valuesAreSharedNotCloned() {
      List<String> shared = new ArrayList<>();
      ContextVar<List<String>> list = ContextVar.of("list");
      Context original = new Context();
      original.run(() -> list.set(shared));
      assertThat(original.copy().get(list)).isSameAs(shared);
    }

    @Test
    void copyCurrentInsideRunCopiesTheRunningContext() {
      Context ctx = new Context();
      Context inner = ctx.supply(() -> {
        a.set("in ctx");
        return Context.copyCurrent();
      });
      assertThat(inner.get(a)).isEqualTo("in ctx");
      assertThat(inner).isNotSameAs(ctx);
    }
  }

  @Nested
  class Running {

    @Test
    void setsInsideRunStayInTheContextAndAreInvisibleToTheCaller() {
      Context ctx = new Context();
      try (Token<String> token = a.set("caller")) {
        ctx.run(() -> {
          assertThat(a.isBound()).isFalse();
          a.set("inside");
          assertThat(a.get()).isEqualTo("inside");
        });
        assertThat(a.get()).isEqualTo("caller");
      }
      assertThat(ctx.get(a)).isEqualTo("inside");
      ctx.run(() -> assertThat(a.get()).isEqualTo("inside"));
    }

    @Test
    void callAndSupplyReturnTheResult() throws Exception {
      Context ctx = new Context();
      ctx.run(() -> a.set("v"));
      assertThat(ctx.call(a::get)).isEqualTo("v");
      assertThat(ctx.supply(a::get)).isEqualTo("v");
      assertThat(ctx.<Object>supply(() -> null)).isNull();
    }

    @Test
    void exceptionsPropagateUnchangedAndThePreviousContextIsRestored() {
      Context ctx = new Context();
      IllegalStateException runtime = new IllegalStateException("boom");
      IOException checked = new IOException("io");
      Error error = new AssertionError("error");
      try (Token<String> token = a.set("caller")) {
        assertThatThrownBy(() -> ctx.run(() -> {
          a.set("inside");
          throw runtime;
        })).isSameAs(runtime);
        assertThatThrownBy(() -> ctx.call(() -> {
          throw checked;
        })).isSameAs(checked);
        assertThatThrownBy(() -> ctx.supply(() -> {
          throw error;
        })).isSameAs(error);
        assertThat(a.get()).isEqualTo("caller");
      }
      assertThat(ctx.get(a)).isEqualTo("inside");
      // The context was exited, so it can be entered again.
      ctx.run(() -> assertThat(a.get()).isEqualTo("inside"));
    }

    @Test
    void differentContextsNest() {
      Context outer = new Context();
      Context inner = new Context();
      outer.run(() -> {
        a.set("outer");
        inner.run(() -> {
          assertThat(a.isBound()).isFalse();
          a.set("inner");
        });
        assertThat(a.get()).isEqualTo("outer");
      });
      assertThat(outer.get(a)).isEqualTo("outer");
      assertThat(inner.get(a)).isEqualTo("inner");
    }

    @Test
    void reenteringAContextOnTheSameThreadFailsAndRunsNothing() {
      Context ctx = new Context();
      AtomicBoolean ran = new AtomicBoolean();
      ctx.run(() -> {
        a.set("kept");
        assertThatThrownBy(() -> ctx.run(() -> ran.set(true)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot enter Context@")
            .hasMessageContaining("[a]")
            .hasMessageContaining("already entered on this thread");
        assertThatThrownBy(() -> ctx.supply(() -> ran.getAndSet(true)))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ctx.call(() -> ran.getAndSet(true)))
            .isInstanceOf(IllegalStateException.class);
        // The failed attempts must not have exited the context.
        assertThat(a.get()).isEqualTo("kept");
      });
      assertThat(ran).isFalse();
      assertThat(ctx.get(a)).isEqualTo("kept");
    }

    @Test
    void reenteringThroughANestedContextFailsToo() {
      Context outer = new Context();
      Context inner = new Context();
      outer.run(() -> inner.run(() -> assertThatThrownBy(() -> outer.run(() -> {}))
          .isInstanceOf(IllegalStateException.class)));
    }

    @Test
    void nullActionsAreRejectedWithAMessageAndTheContextIsNotEntered() {
      Context ctx = new Context();
      assertThatThrownBy(() -> ctx.run(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("action");
      assertThatThrownBy(() -> ctx.call((Callable<?>) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("action");
      assertThatThrownBy(() -> ctx.supply((Supplier<?>) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("action");
      ctx.run(() -> {});
    }
  }

  @Nested
  class Wrapping {

    @Test
    void eachExecutionOfAWrappedTaskRunsInAFreshCopy() {
      Context ctx = new Context();
      ctx.run(() -> a.set("base"));
      List<String> seen = new ArrayList<>();
      Runnable task = ctx.wrap(() -> {
        seen.add(a.get());
        a.set("changed by task");
      });
      task.run();
      task.run();
      assertThat(seen).containsExactly("base", "base");
      assertThat(ctx.get(a)).isEqualTo("base");
      assertThat(a.isBound()).isFalse();
    }

    @Test
    void wrappedCallableReturnsAndThrows() throws Exception {
      Context ctx = new Context();
      ctx.run(() -> a.set("v"));
      assertThat(ctx.wrap(a::get).call()).isEqualTo("v");
      IOException failure = new IOException("io");
      Callable<String> failing = ctx.wrap(() -> {
        throw failure;
      });
      assertThatThrownBy(failing::call).isSameAs(failure);
    }

    @Test
    void aWrappedTaskCanRunWhileTheContextItselfIsEntered() {
      Context ctx = new Context();
      ctx.run(() -> {
        a.set("v");
        Runnable check = () -> assertThat(a.get()).isEqualTo("v");
        ctx.wrap(check).run();
      });
    }

    @Test
    void wrapRejectsNull() {
      Context ctx = new Context();
      assertThatThrownBy(() -> ctx.wrap((Runnable) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("task");
      assertThatThrownBy(() -> ctx.wrap((Callable<?>) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("task");
    }
  }

  @Nested
  class With {

    @Test
    void addsOneBindingToANewContextAndLeavesTheReceiverAlone() {
      Context base = new Context();
      base.run(() -> a.set("1"));
      Context derived = base.with(b, "2");
      assertThat(derived).isNotSameAs(base);
      assertThat(derived.toMap()).containsOnly(entry(a, "1"), entry(b, "2"));
      assertThat(base.toMap()).containsOnly(entry(a, "1"));
    }

    @Test
    void replacesABindingTheVarAlreadyHas() {
      Context base = new Context().with(a, "old");
      Context derived = base.with(a, "new");
      assertThat(derived.get(a)).isEqualTo("new");
      assertThat(derived.size()).isEqualTo(1);
      assertThat(base.get(a)).isEqualTo("old");
    }

    @Test
    void chainsAndBindsNull() {
      Context ctx = new Context().with(a, "1").with(b, null);
      assertThat(ctx.toMap()).containsOnly(entry(a, "1"), entry(b, null));
      assertThat(ctx.contains(b)).isTrue();
      assertThat(ctx.supply(b::get)).isNull();
    }

    @Test
    void isRunnableAndItsRunsDoNotChangeContextsItWasDerivedFrom() {
      Context base = new Context().with(a, "1");
      Context derived = base.with(b, "2");
      derived.run(() -> {
        assertThat(a.get()).isEqualTo("1");
        a.set("changed");
      });
      assertThat(derived.get(a)).isEqualTo("changed");
      assertThat(base.get(a)).isEqualTo("1");
    }

    @Test
    void whileTheReceiverRunsSeesItsBindingsAtThatMomentAndNoLaterSets() {
      Context running = new Context();
      running.run(() -> {
        a.set("before");
        Context derived = running.with(b, "x");
        a.set("after");
        assertThat(derived.get(a)).isEqualTo("before");
        assertThat(running.contains(b)).isFalse();
      });
    }

    @Test
    void leavesTheCurrentContextAlone() {
      Context.copyCurrent().with(a, "x");
      assertThat(a.isBound()).isFalse();
    }

    @Test
    void rejectsANullVar() {
      assertThatThrownBy(() -> new Context().with(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("var");
    }
  }
}
