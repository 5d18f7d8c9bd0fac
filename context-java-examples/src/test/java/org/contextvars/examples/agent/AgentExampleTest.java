package org.contextvars.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.contextvars.examples.Printed;
import org.junit.jupiter.api.Test;

class AgentExampleTest {

  @Test
  void everyPlainPoolFutureAndThreadSeesTheRequestIdUnderTheAgent() throws Exception {
    List<String> printed = Printed.by(new AgentExample());

    assertThat(printed)
        .contains(
            "fixed thread pool      req-42",
            "CompletableFuture      req-42, then req-42",
            "common fork/join pool  req-42",
            "new Thread().start()   req-42");
    assertThat(printed)
        .anyMatch(
            line ->
                line.equals("virtual thread         req-42")
                    || line.equals("virtual thread         (needs JDK 21)"));
    assertThat(printed).anyMatch(line -> line.startsWith("The agent said at start-up: "));
  }

  @Test
  void withoutTheAgentTheSameCodeSeesNothing() throws Exception {
    // The same main, in this JVM, which has no agent: the proof that the lines above need it.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    try (java.io.PrintStream capture = new java.io.PrintStream(bytes, true, "UTF-8")) {
      System.setOut(capture);
      PlainConcurrency.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    // (Not the common pool: a caller waiting on a fork/join task may run it itself.)
    assertThat(bytes.toString("UTF-8").lines())
        .contains("fixed thread pool      -", "new Thread().start()   -");
  }
}
