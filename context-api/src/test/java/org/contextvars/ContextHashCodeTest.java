package org.contextvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hash codes of contexts and variables: consistent with equals, and spread. */
class ContextHashCodeTest {

  private static final ContextVar<Integer> A = ContextVar.of("a");
  private static final ContextVar<String> B = ContextVar.of("b");
  private static final ContextVar<Object> C = ContextVar.of("c");

  @Test
  void aContextHashesLikeAMapOfItsBindings() {
    assertThat(new Context().hashCode()).isZero().isEqualTo(Map.of().hashCode());
    Context one = new Context().with(A, 7);
    assertThat(one.hashCode()).isEqualTo(one.toMap().hashCode()).isEqualTo(A.hashCode() ^ 7);
    Context three = one.with(B, "text").with(C, null);
    assertThat(three.hashCode())
        .isEqualTo(three.toMap().hashCode())
        .isEqualTo((A.hashCode() ^ 7) + (B.hashCode() ^ "text".hashCode()) + C.hashCode());
  }

  @Test
  void equalContextsHashAlikeWhateverTheOrderOfTheirSets() {
    Context forwards = new Context().with(A, 1).with(B, "x");
    Context backwards = new Context().with(B, "x").with(A, 1);
    Context built = new Context();
    built.run(() -> {
      B.set("y");
      A.set(1);
      B.set("x");
    });
    assertThat(forwards).isEqualTo(backwards).isEqualTo(built);
    assertThat(forwards.hashCode()).isEqualTo(backwards.hashCode()).isEqualTo(built.hashCode());
    assertThat(forwards.copy().hashCode()).isEqualTo(forwards.hashCode());
  }

  @Test
  void aCopyEqualsItsSourceWithoutComparingValues() {
    Object neverCompared = new Object() {
      @Override
      public boolean equals(Object other) {
        throw new AssertionError("equals of a value was called");
      }

      @Override
      public int hashCode() {
        return 1;
      }
    };
    Context context = new Context().with(C, neverCompared);
    assertThat(context.copy().equals(context)).isTrue();
  }

  @Test
  void aContextsHashFollowsItsValues() {
    Context context = new Context().with(A, 1);
    int before = context.hashCode();
    context.run(() -> A.set(2));
    assertThat(context.hashCode()).isNotEqualTo(before).isEqualTo(A.hashCode() ^ 2);
  }

  @Test
  void distinctVariablesHaveDistinctStableHashCodes() {
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      ContextVar<String> var = ContextVar.of("same name");
      assertThat(var.hashCode()).isEqualTo(var.hashCode());
      hashes.add(var.hashCode());
    }
    assertThat(hashes).hasSize(1_000);
  }

  @Test
  void variableHashCodesSpreadOverTheHighAndLowBits() {
    // The trie takes its branches from slices of the hash: variables created one after the other
    // must not pile up in one branch, at either end of the int.
    Set<Integer> lowBits = new HashSet<>();
    Set<Integer> highBits = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      int hash = ContextVar.of("v" + i).hashCode();
      lowBits.add(hash & 31);
      highBits.add(hash >>> 27);
    }
    assertThat(lowBits).hasSizeGreaterThan(16);
    assertThat(highBits).hasSizeGreaterThan(16);
  }
}
