package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random programs of set, reset, copy, enter and exit, run against the library and against a
 * plain-map model of PEP 567. Every observable (values, defaults, bindings of every context,
 * exception types, token state) must agree after every step.
 */
class ContextModelPropertyTest {

  /** Few variables: sets, resets and reads meet the same variable often. */
  private static final int FEW_VARS = 4;

  /**
   * More variables than a small map holds: contexts turn into tries and back, and reads switch
   * between the context's copy of the small map's table and the map itself.
   */
  private static final int MANY_VARS = 12;
  private static final Object ABSENT = new Object();

  sealed interface Op permits Set, Reset, ResetWithOtherVar, CopyCurrent, CopyOf, Enter, Exit {}

  record Set(int var, Integer value) implements Op {}

  record Reset(int token) implements Op {}

  record ResetWithOtherVar(int token, int var) implements Op {}

  record CopyCurrent() implements Op {}

  record CopyOf(int context) implements Op {}

  record Enter(int context) implements Op {}

  record Exit() implements Op {}

  @Provide
  Arbitrary<List<Op>> programs() {
    return programs(FEW_VARS, 6, 0, 60);
  }

  @Provide
  Arbitrary<List<Op>> programsOverManyVars() {
    // More sets, and longer programs, so that contexts grow past a small map.
    return programs(MANY_VARS, 16, 40, 120);
  }

  private static Arbitrary<List<Op>> programs(
      int varCount, int setWeight, int minLength, int maxLength) {
    Arbitrary<Integer> var = Arbitraries.integers().between(0, varCount - 1);
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> value = Arbitraries.integers().between(0, 5).injectNull(0.1);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        Tuple.of(setWeight, Combinators.combine(var, value).as(Set::new)),
        Tuple.of(4, index.map(Reset::new)),
        Tuple.of(1, Combinators.combine(index, var)
            .as(ResetWithOtherVar::new)),
        Tuple.of(2, Arbitraries.just(new CopyCurrent())),
        Tuple.of(1, index.map(CopyOf::new)),
        Tuple.of(3, index.map(Enter::new)),
        Tuple.of(3, Arbitraries.just(new Exit())));
    return op.list().ofMinSize(minLength).ofMaxSize(maxLength);
  }

  /** A context of the run, with the model of its bindings. */
  private static final class Ctx {
    final Context real;
    final Map<Integer, Object> model;

    Ctx(Context real, Map<Integer, Object> model) {
      this.real = real;
      this.model = model;
    }
  }

  private static final class Tok {
    final Token<Integer> real;
    final Ctx context;
    final int var;
    final Object old;
    boolean used;

    Tok(Token<Integer> real, Ctx context, int var, Object old) {
      this.real = real;
      this.context = context;
      this.var = var;
      this.old = old;
    }
  }

  private final List<ContextVar<Integer>> vars = new ArrayList<>();
  private final List<Ctx> contexts = new ArrayList<>();
  private final List<Tok> tokens = new ArrayList<>();
  private final List<Ctx> entered = new ArrayList<>();
  private int largestSize;

  @Property(tries = 400)
  void theLibraryBehavesLikeTheModel(@ForAll("programs") List<Op> program) {
    run(program, FEW_VARS);
  }

  @Property(tries = 200)
  void theLibraryBehavesLikeTheModelBeyondASmallMap(
      @ForAll("programsOverManyVars") List<Op> program) {
    run(program, MANY_VARS);
    Statistics.label("a context held more than a small map").collect(largestSize > 8);
    Statistics.label("a context held more than a small map")
        .coverage(coverage -> coverage.check(true).percentage(p -> p >= 30));
  }

  private void run(List<Op> program, int varCount) {
    vars.clear();
    contexts.clear();
    tokens.clear();
    entered.clear();
    largestSize = 0;
    for (int i = 0; i < varCount; i++) {
      vars.add(i % 2 == 0 ? ContextVar.of("v" + i) : ContextVar.of("v" + i, -i));
    }
    Ctx root = new Ctx(new Context(), new HashMap<>());
    contexts.add(root);
    entered.add(root);
    root.real.run(() -> interpret(program, new int[] {0}));
    assertThat(Context.copyCurrent().isEmpty()).isTrue();
  }

  /** Runs ops from {@code pc[0]} until the end or until an Exit that matches the current level. */
  private void interpret(List<Op> program, int[] pc) {
    while (pc[0] < program.size()) {
      Op op = program.get(pc[0]++);
      if (op instanceof Exit) {
        if (entered.size() > 1) {
          return;
        }
        continue;
      }
      step(op, program, pc);
      checkEverything();
    }
  }

  private void step(Op op, List<Op> program, int[] pc) {
    Ctx current = entered.get(entered.size() - 1);
    if (op instanceof Set set) {
      Object old = current.model.containsKey(set.var()) ? current.model.get(set.var()) : ABSENT;
      Token<Integer> token = vars.get(set.var()).set(set.value());
      current.model.put(set.var(), set.value());
      tokens.add(new Tok(token, current, set.var(), old));
      assertThat(token.hasOldValue()).isEqualTo(old != ABSENT);
      if (old != ABSENT) {
        assertThat(token.oldValue()).isEqualTo(old);
      }
    } else if (op instanceof Reset reset && !tokens.isEmpty()) {
      Tok tok = tokens.get(reset.token() % tokens.size());
      if (tok.used) {
        assertThatThrownBy(tok.real::close).isInstanceOf(IllegalStateException.class);
      } else if (tok.context != current) {
        assertThatThrownBy(tok.real::close).isInstanceOf(IllegalArgumentException.class);
      } else {
        tok.real.close();
        tok.used = true;
        if (tok.old == ABSENT) {
          current.model.remove(tok.var);
        } else {
          current.model.put(tok.var, tok.old);
        }
      }
      assertThat(tok.real.isUsed()).isEqualTo(tok.used);
    } else if (op instanceof ResetWithOtherVar wrong && !tokens.isEmpty()) {
      Tok tok = tokens.get(wrong.token() % tokens.size());
      ContextVar<Integer> other = vars.get(wrong.var());
      if (tok.used) {
        assertThatThrownBy(() -> other.reset(tok.real)).isInstanceOf(IllegalStateException.class);
      } else if (other != tok.real.var() || tok.context != current) {
        assertThatThrownBy(() -> other.reset(tok.real))
            .isInstanceOf(IllegalArgumentException.class);
      } else {
        other.reset(tok.real);
        tok.used = true;
        if (tok.old == ABSENT) {
          current.model.remove(tok.var);
        } else {
          current.model.put(tok.var, tok.old);
        }
      }
    } else if (op instanceof CopyCurrent) {
      contexts.add(new Ctx(Context.copyCurrent(), new HashMap<>(current.model)));
    } else if (op instanceof CopyOf copy) {
      Ctx source = contexts.get(copy.context() % contexts.size());
      contexts.add(new Ctx(source.real.copy(), new HashMap<>(source.model)));
    } else if (op instanceof Enter enter) {
      Ctx target = contexts.get(enter.context() % contexts.size());
      if (entered.contains(target)) {
        assertThatThrownBy(() -> target.real.run(() -> {}))
            .isInstanceOf(IllegalStateException.class);
        return;
      }
      entered.add(target);
      target.real.run(() -> {
        checkEverything();
        interpret(program, pc);
      });
      entered.remove(entered.size() - 1);
    }
  }

  private void checkEverything() {
    Ctx current = entered.get(entered.size() - 1);
    largestSize = Math.max(largestSize, current.model.size());
    for (int i = 0; i < vars.size(); i++) {
      ContextVar<Integer> var = vars.get(i);
      boolean bound = current.model.containsKey(i);
      assertThat(var.isBound()).isEqualTo(bound);
      assertThat(var.orElse(-100)).isEqualTo(bound ? current.model.get(i) : -100);
      if (bound) {
        assertThat(var.get()).isEqualTo(current.model.get(i));
      } else if (i % 2 == 1) {
        assertThat(var.get()).isEqualTo(-i);
      } else {
        assertThatThrownBy(var::get).isInstanceOf(NoSuchElementException.class);
      }
    }
    for (Ctx ctx : contexts) {
      Map<ContextVar<?>, Object> expected = new HashMap<>();
      ctx.model.forEach((i, v) -> expected.put(vars.get(i), v));
      assertThat(ctx.real.toMap()).isEqualTo(expected);
      assertThat(ctx.real.size()).isEqualTo(expected.size());
      assertThat(ctx.real.vars()).isEqualTo(expected.keySet());
    }
    assertThat(Context.copyCurrent()).isEqualTo(current.real);
  }
}
