package org.contextvars.agent.jdk21;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.contextvars.ContextVar;
import org.contextvars.Token;
import org.junit.jupiter.api.Test;

/** Virtual threads, started directly and by the virtual-thread-per-task executor. */
class VirtualThreadsIT {

  private static final boolean ATTACHED =
      Boolean.parseBoolean(System.getProperty("contextvars.test.agent"));
  private static final String ABSENT = "<unbound>";
  private static final ContextVar<String> REQUEST_ID = ContextVar.of("request_id");

  private static String expected(String value) {
    return ATTACHED ? value : ABSENT;
  }

  private static String observed() {
    return REQUEST_ID.orElse(ABSENT);
  }

  @Test
  void aVirtualThreadStartsInACopyOfItsStartersContext() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread;
    try (Token<String> token = REQUEST_ID.set("req-1")) {
      thread = Thread.ofVirtual().start(() -> seen.set(observed()));
    }
    thread.join();
    assertThat(seen.get()).isEqualTo(expected("req-1"));
  }

  @Test
  void startVirtualThreadAndUnstartedVirtualThreadsInheritAtStart() throws Exception {
    AtomicReference<String> first = new AtomicReference<>();
    AtomicReference<String> second = new AtomicReference<>();
    Thread unstarted = Thread.ofVirtual().unstarted(() -> second.set(observed()));
    Thread started;
    try (Token<String> token = REQUEST_ID.set("req-2")) {
      started = Thread.startVirtualThread(() -> first.set(observed()));
      unstarted.start();
    }
    started.join();
    unstarted.join();
    assertThat(first.get()).isEqualTo(expected("req-2"));
    assertThat(second.get()).isEqualTo(expected("req-2"));
  }

  @Test
  void theVirtualThreadPerTaskExecutorRunsThousandsOfTasksEachInItsSubmittersContext()
      throws Exception {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> right = new ArrayList<>();
      List<Future<Future<String>>> nested = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String value = "req-" + i;
        try (Token<String> token = REQUEST_ID.set(value)) {
          right.add(executor.submit(() -> observed().equals(expected(value))));
        }
      }
      for (Future<Boolean> ok : right) {
        assertThat(ok.get(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(nested).isEmpty();
    }
  }

  @Test
  void aVirtualThreadsSetsStayInIt() throws Exception {
    try (Token<String> token = REQUEST_ID.set("parent")) {
      Thread child = Thread.ofVirtual().start(() -> REQUEST_ID.set("child"));
      child.join();
      assertThat(observed()).isEqualTo("parent");
    }
  }
}
