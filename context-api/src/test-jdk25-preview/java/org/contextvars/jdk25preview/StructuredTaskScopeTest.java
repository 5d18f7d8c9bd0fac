package org.contextvars.jdk25preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.contextvars.Context;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.Test;

/** JDK 25 structured concurrency (a preview API there) with an inheriting thread factory. */
class StructuredTaskScopeTest {

  private static final ContextVar<String> USER = ContextVar.of("user");

  private static final ThreadFactory INHERITING =
      ContextExecutors.inheriting(Thread.ofVirtual().factory());

  private static StructuredTaskScope<String, java.util.stream.Stream<Subtask<String>>> open() {
    return StructuredTaskScope.open(
        Joiner.<String>allSuccessfulOrThrow(), config -> config.withThreadFactory(INHERITING));
  }

  @Test
  void subtasksSeeTheForkersContextAtForkTimeAndKeepTheirSetsToThemselves() throws Exception {
    List<String> seen;
    try (Token<String> token = USER.set("first")) {
      try (var scope = open()) {
        Subtask<String> a = scope.fork(() -> {
          String user = USER.get();
          USER.set("set by a subtask");
          return user;
        });
        USER.set("second");
        Subtask<String> b = scope.fork(() -> USER.get());
        scope.join();
        seen = List.of(a.get(), b.get());
      }
      assertThat(USER.get()).isEqualTo("second");
    }
    assertThat(seen).containsExactly("first", "second");
  }

  @Test
  void nestedScopesPassEachSubtasksOwnContextToItsSubtasks() throws Exception {
    List<String> grandchildren = new ArrayList<>();
    try (Token<String> token = USER.set("root")) {
      try (var scope = open()) {
        List<Subtask<String>> children = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          String name = "child-" + c;
          children.add(scope.fork(() -> {
            assertThat(USER.get()).isEqualTo("root");
            USER.set(name);
            try (var inner = open()) {
              Subtask<String> x = inner.fork(() -> USER.get());
              Subtask<String> y = inner.fork(() -> USER.get());
              inner.join();
              return x.get() + "+" + y.get();
            }
          }));
        }
        scope.join();
        for (Subtask<String> child : children) {
          grandchildren.add(child.get());
        }
      }
    }
    assertThat(grandchildren).containsExactly(
        "child-0+child-0", "child-1+child-1", "child-2+child-2", "child-3+child-3");
  }

  @Test
  void withoutAnInheritingFactorySubtasksStartInAnEmptyContext() throws Exception {
    try (Token<String> token = USER.set("forker")) {
      try (var scope = StructuredTaskScope.open(Joiner.<Boolean>allSuccessfulOrThrow())) {
        Subtask<Boolean> empty = scope.fork(() -> Context.copyCurrent().isEmpty());
        scope.join();
        assertThat(empty.get()).isTrue();
      }
    }
  }

  @Test
  void concurrentForkersEachGiveTheirOwnSubtasksTheirOwnValue() throws Exception {
    ExecutorService forkers = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int f = 0; f < 40; f++) {
        String user = "forker-" + f;
        results.add(forkers.submit(() -> {
          try (Token<String> token = USER.set(user)) {
            try (var scope = open()) {
              List<Subtask<String>> subtasks = new ArrayList<>();
              for (int s = 0; s < 50; s++) {
                subtasks.add(scope.fork(() -> {
                  Thread.yield();
                  return USER.get();
                }));
              }
              scope.join();
              return subtasks.stream().map(Subtask::get).distinct().toList();
            }
          }
        }));
      }
      for (int f = 0; f < results.size(); f++) {
        assertThat(results.get(f).get(30, TimeUnit.SECONDS)).containsExactly("forker-" + f);
      }
    } finally {
      forkers.shutdownNow();
      assertThat(forkers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
