package org.contextvars.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayList;
import java.util.List;
import org.contextvars.Context;
import org.contextvars.ContextLeak;
import org.contextvars.ContextVar;
import org.contextvars.LeakCheck;
import org.contextvars.Token;
import org.contextvars.micrometer.internal.ScopeStack;
import org.junit.jupiter.api.Test;

class ContextThreadLocalAccessorTest {

  private static final ContextVar<String> TENANT = ContextVar.of("tenant");
  private static final ContextVar<Integer> ATTEMPT = ContextVar.of("attempt");

  private final ContextThreadLocalAccessor accessor = new ContextThreadLocalAccessor();

  @Test
  void isFoundByTheGlobalRegistryThroughServiceLoader() {
    assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
        .filteredOn(a -> a instanceof ContextThreadLocalAccessor)
        .hasSize(1)
        .allSatisfy(a -> assertThat(a.key()).isEqualTo(ContextThreadLocalAccessor.KEY));
  }

  @Test
  void keyIsTheConstantAndToStringNamesIt() {
    assertThat(accessor.key()).isEqualTo("org.contextvars.Context");
    assertThat(accessor).hasToString("ContextThreadLocalAccessor[org.contextvars.Context]");
  }

  @Test
  void getValueIsNullWhenTheCurrentContextHasNoBindings() {
    assertThat(accessor.getValue()).isNull();
    new Context().run(() -> assertThat(accessor.getValue()).isNull());
  }

  @Test
  void getValueIsACopyTakenWhenCalled() {
    try (Token<String> token = TENANT.set("acme")) {
      Context value = accessor.getValue();
      TENANT.set("globex");
      assertThat(value).isNotNull();
      assertThat(value.get(TENANT)).isEqualTo("acme");
      assertThat(accessor.getValue()).isNotSameAs(value);
    }
  }

  @Test
  void setValueMakesACopyCurrentAndRestorePutsBackTheVeryContextThatWasCurrent() {
    Context value = new Context();
    value.run(() -> TENANT.set("acme"));
    Token<String> outer = TENANT.set("outer");
    Context previous = accessor.getValue();

    accessor.setValue(value);
    assertThat(TENANT.get()).isEqualTo("acme");
    ATTEMPT.set(2);
    accessor.restore(previous);

    assertThat(TENANT.get()).isEqualTo("outer");
    assertThat(ATTEMPT.isBound()).isFalse();
    assertThat(value.contains(ATTEMPT)).as("sets in the scope go to a copy").isFalse();
    // The token's context is current again, not a copy of it: the reset is accepted.
    TENANT.reset(outer);
    assertThat(TENANT.isBound()).isFalse();
  }

  @Test
  void oneValueCanBeSetOnManyThreadsAtOnce() throws Exception {
    Context value = new Context();
    value.run(() -> TENANT.set("acme"));
    accessor.setValue(value);
    try {
      Thread other =
          new Thread(
              () -> {
                accessor.setValue(value);
                TENANT.set("other");
                accessor.restore();
              });
      other.start();
      other.join();
      assertThat(TENANT.get()).isEqualTo("acme");
    } finally {
      accessor.restore();
    }
  }

  @Test
  void setValueWithoutArgumentMakesAnEmptyContextCurrentUntilRestore() {
    try (Token<String> token = TENANT.set("outer")) {
      Context previous = accessor.getValue();
      accessor.setValue();
      assertThat(TENANT.isBound()).isFalse();
      TENANT.set("inside");
      accessor.restore(previous);
      assertThat(TENANT.get()).isEqualTo("outer");
      // closing the token below resets it: it would throw if a copy were current instead
    }
  }

  @Test
  void nestedScopesRestoreInTurn() {
    Context first = new Context();
    first.run(() -> TENANT.set("first"));
    Context second = new Context();
    second.run(() -> TENANT.set("second"));

    assertThat(accessor.getValue()).isNull();
    accessor.setValue(first);
    Context previous = accessor.getValue();
    accessor.setValue(second);
    assertThat(TENANT.get()).isEqualTo("second");
    accessor.restore(previous);
    assertThat(TENANT.get()).isEqualTo("first");
    accessor.restore();
    assertThat(TENANT.isBound()).isFalse();
  }

  @Test
  void deeplyNestedScopesRestoreInTurn() {
    int depth = 40;
    List<Context> previousValues = new ArrayList<>();
    for (int level = 0; level < depth; level++) {
      Context value = new Context().with(TENANT, "level-" + level);
      previousValues.add(accessor.getValue());
      accessor.setValue(value);
    }
    for (int level = depth - 1; level >= 0; level--) {
      assertThat(TENANT.get()).isEqualTo("level-" + level);
      Context previous = previousValues.get(level);
      if (previous == null) {
        accessor.restore();
      } else {
        accessor.restore(previous);
      }
    }
    assertThat(TENANT.isBound()).isFalse();
    assertThat(ScopeStack.get().depth()).isZero();
  }

  @Test
  void closingAnOuterScopeBeforeAnInnerOneThrowsAndTheInnerOneStillReturnsToTheStart() {
    Context value = new Context().with(TENANT, "acme");
    List<ContextLeak> reports = new ArrayList<>();
    LeakCheck.Listener previousListener = LeakCheck.setListener(reports::add);
    try (Token<String> token = TENANT.set("outer")) {
      Context outerPrevious = accessor.getValue();
      accessor.setValue(value);
      Context innerPrevious = accessor.getValue();
      accessor.setValue(); // an inner scope, closed after the outer one below
      assertThatThrownBy(() -> accessor.restore(outerPrevious))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Close scopes in the reverse order of opening");
      assertThat(TENANT.isBound()).as("the inner scope is still current").isFalse();
      accessor.restore(innerPrevious);
      assertThat(TENANT.get()).isEqualTo("outer");
      assertThat(ScopeStack.get().depth()).isZero();
      assertThat(reports).singleElement().extracting(ContextLeak::kind)
          .isEqualTo(ContextLeak.Kind.MISMATCHED_EXIT);
      // closing the token below resets it: it would throw if a copy were current instead
    } finally {
      LeakCheck.setListener(previousListener);
    }
  }

  @Test
  void restoreWithoutSetValueOnThisThreadThrowsAndChangesNothing() {
    try (Token<String> token = TENANT.set("outer")) {
      Context before = Context.copyCurrent();
      assertThatThrownBy(accessor::restore)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("org.contextvars.Context")
          .hasMessageContaining(Thread.currentThread().getName());
      assertThatThrownBy(() -> accessor.restore(before))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no scope open on this thread");
      assertThat(Context.copyCurrent()).isEqualTo(before);
      // closing the token below resets it: it would throw if a copy were current instead
    }
  }

  @Test
  void restoreOnAnotherThreadThanSetValueThrowsThere() throws Exception {
    Context value = new Context();
    value.run(() -> TENANT.set("acme"));
    accessor.setValue(value);
    try {
      Throwable[] thrown = new Throwable[1];
      Thread other =
          new Thread(
              () -> {
                try {
                  accessor.restore();
                } catch (IllegalStateException expected) {
                  thrown[0] = expected;
                }
              });
      other.start();
      other.join();
      assertThat(thrown[0]).isInstanceOf(IllegalStateException.class);
      assertThat(TENANT.get()).isEqualTo("acme");
    } finally {
      accessor.restore();
    }
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void nullArgumentsThrowNamingTheKeyAndChangeNothing() {
    ThreadLocalAccessor raw = accessor;
    assertThatThrownBy(() -> raw.setValue(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("org.contextvars.Context");
    assertThat(ScopeStack.get().depth()).isZero();

    accessor.setValue();
    try {
      assertThatThrownBy(() -> raw.restore(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("previousValue");
      assertThat(ScopeStack.get().depth()).isEqualTo(1);
    } finally {
      accessor.restore();
    }
  }

  @Test
  void aSnapshotScopeLeavesTokensFromBeforeItValid() {
    ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
    ContextSnapshot snapshot;
    try (Token<String> token = TENANT.set("captured")) {
      snapshot = factory.captureAll();
      // closing the token below resets it: it would throw if a copy were current instead
    }
    try (Token<String> token = TENANT.set("caller")) {
      try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
        assertThat(TENANT.get()).isEqualTo("captured");
        TENANT.set("changed in scope");
      }
      assertThat(TENANT.get()).isEqualTo("caller");
      // closing the token below resets it: it would throw if a copy were current instead
    }
    assertThat(TENANT.isBound()).isFalse();
  }
}
