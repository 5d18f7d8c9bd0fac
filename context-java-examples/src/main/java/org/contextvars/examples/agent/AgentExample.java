package org.contextvars.examples.agent;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.contextvars.examples.Example;

/**
 * The same plain code, no wrapper anywhere, in a JVM started with {@code -javaagent:} pointing at
 * {@code context-agent}: a fixed thread pool, a {@code CompletableFuture} chain, the common
 * fork/join pool, a new thread and a virtual thread all see the request id their submitter set.
 * See {@link PlainConcurrency} for the code.
 */
public final class AgentExample implements Example {

  @Override
  public String name() {
    return "agent";
  }

  @Override
  public String summary() {
    return "plain pools, futures and threads under the Java agent";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("PlainConcurrency sets request_id=req-42 and reads it back on other threads, with");
    out.println("no wrapper: in a JVM started with -javaagent:context-agent.jar.");
    out.println();
    Process jvm = AgentJvm.start(PlainConcurrency.class);
    jvm.getOutputStream().close();
    String printed = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jvm.waitFor(1, TimeUnit.MINUTES) || jvm.exitValue() != 0) {
      throw new IllegalStateException("the agent JVM failed:\n" + printed + errors);
    }
    printed.lines().forEach(out::println);
    out.println();
    errors
        .lines()
        .filter(line -> line.startsWith("[contextvars-agent]"))
        .findFirst()
        .ifPresent(line -> out.println("The agent said at start-up: " + line));
  }
}
