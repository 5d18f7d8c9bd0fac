package org.contextvars.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up cost of the Java agent ({@code context-agent}) beside the hand-wrapped executor: each
 * invocation launches a new JVM running {@link FirstTask} and waits for it to exit, so the time
 * covers everything the agent adds before {@code main} (loading Byte Buddy, appending its bridge to
 * the bootstrap class path, which switches class sharing off for other loaders, retransforming
 * {@code Thread}, the executors and {@code CompletableFuture}) and the first task through an
 * instrumented pool.
 *
 * <ul>
 *   <li>{@code plainPoolWithoutAgent}: the bare JVM, the task sees nothing: the floor;
 *   <li>{@code wrappedPoolWithoutAgent}: {@code ContextExecutors.wrap}, the hand-wrapped way;
 *   <li>{@code plainPoolWithAgent}: plain code under {@code -javaagent}, the task sees the value;
 *   <li>{@code agentSwitchedOff}: {@code -javaagent} with {@code -Dcontextvars.agent.enabled=false},
 *       which loads the agent jar and instruments nothing: what the JVM's agent machinery costs
 *       alone.
 * </ul>
 *
 * <p>Each child's output is checked, so a run where the agent did not work fails instead of
 * measuring the wrong thing. JMH's single-shot mode times each launch once; a launch is hundreds of
 * milliseconds to seconds, so take many iterations ({@code -i 20}) for a figure of record. The
 * children share the machine with JMH's own JVM, which idles while it waits.
 *
 * <p>Cautions: needs the agent jar (built by {@code ./mvnw -pl context-agent -am package}); pass
 * another path with {@code -p agentJar=...}. Paths are relative to the working directory.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Benchmark)
public class AgentStartupBenchmark {

  @Param("context-agent/target/context-agent-0.1.0-SNAPSHOT.jar")
  public String agentJar = "";

  private String java = "";
  private String classPath = "";

  @Setup
  public void locate() {
    Path jar = Path.of(agentJar).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no agent jar at " + jar + ": build it with ./mvnw -pl context-agent -am package"
              + " from the repository root, or pass -p agentJar=<path>");
    }
    agentJar = jar.toString();
    java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    classPath = System.getProperty("java.class.path");
  }

  @Benchmark
  public String plainPoolWithoutAgent() throws Exception {
    return launch(List.of(), "plain", FirstTask.ABSENT);
  }

  @Benchmark
  public String wrappedPoolWithoutAgent() throws Exception {
    return launch(List.of(), "wrapped", FirstTask.VALUE);
  }

  @Benchmark
  public String plainPoolWithAgent() throws Exception {
    return launch(List.of("-javaagent:" + agentJar), "plain", FirstTask.VALUE);
  }

  @Benchmark
  public String agentSwitchedOff() throws Exception {
    return launch(
        List.of("-javaagent:" + agentJar, "-Dcontextvars.agent.enabled=false"),
        "plain",
        FirstTask.ABSENT);
  }

  /** Runs {@link FirstTask} in a new JVM and checks what its task saw. */
  private String launch(List<String> jvmOptions, String mode, String expected)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(FirstTask.class.getName());
    command.add(mode);
    Process child =
        new ProcessBuilder(command)
            // The agent's start-up line and the JVM's class-sharing note go to standard error.
            .redirectError(Redirect.DISCARD)
            .start();
    String seen;
    try (InputStream out = child.getInputStream()) {
      seen = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!child.waitFor(2, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("the child JVM did not exit within two minutes: " + command);
    }
    if (child.exitValue() != 0 || !seen.equals(expected)) {
      throw new IllegalStateException(
          "the child JVM exited with "
              + child.exitValue()
              + " and its task saw '"
              + seen
              + "', expected '"
              + expected
              + "': "
              + command);
    }
    return seen;
  }
}
