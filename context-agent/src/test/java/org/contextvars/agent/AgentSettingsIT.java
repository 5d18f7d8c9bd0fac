package org.contextvars.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The system-property switches and the start-up line, each in a JVM of its own. */
class AgentSettingsIT {

  private static String agentJar;

  @BeforeAll
  static void onlyOnceAndWithTheJarBuilt() {
    AgentMode.assertModeIsReal();
    // These start their own JVMs: once is enough, from the run that has the agent.
    assumeTrue(AgentMode.ATTACHED, "runs in the with-agent execution only");
    agentJar = System.getProperty("contextvars.test.agentJar");
    assertThat(agentJar).as("contextvars.test.agentJar").isNotBlank();
  }

  /** Runs {@link SwitchProbe} with the agent and {@code options}; returns stdout and stderr. */
  private static List<String> run(String classPath, String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-javaagent:" + agentJar);
    command.addAll(Arrays.asList(options));
    command.add("-cp");
    command.add(classPath);
    command.add(SwitchProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().collect(Collectors.toList());
  }

  private static String testClassPath() {
    return System.getProperty("java.class.path");
  }

  @Test
  void byDefaultEverythingCarriesAndOneStartUpLineSaysWhat() throws Exception {
    List<String> output = run(testClassPath());
    assertThat(output).contains("pool=req forkjoin=req thread=req");
    assertThat(output.stream().filter(line -> line.startsWith("[contextvars-agent]")))
        .singleElement()
        .asString()
        .contains("ThreadPoolExecutor", "ForkJoinTask", "Thread.start")
        .doesNotContain("FAILED");
  }

  @Test
  void theOffSwitchLeavesEverythingAsWithoutTheAgent() throws Exception {
    List<String> output = run(testClassPath(), "-Dcontextvars.agent.enabled=false");
    assertThat(output).contains("pool=<unbound> forkjoin=<unbound> thread=<unbound>");
    assertThat(output).anyMatch(line -> line.contains("switched off"));
  }

  @Test
  void threadInheritanceCanBeSwitchedOffAlone() throws Exception {
    List<String> output = run(testClassPath(), "-Dcontextvars.agent.threads=false");
    assertThat(output).contains("pool=req forkjoin=req thread=<unbound>");
  }

  @Test
  void anExcludedExecutorClassIsLeftAlone() throws Exception {
    List<String> output =
        run(testClassPath(), "-Dcontextvars.agent.exclude=java.util.concurrent.ThreadPoolExecutor");
    assertThat(output).contains("pool=<unbound> forkjoin=req thread=req");
  }

  @Test
  void anIncludeListLeavesEveryOtherExecutorAlone() throws Exception {
    List<String> output =
        run(testClassPath(), "-Dcontextvars.agent.include=java.util.concurrent.ForkJoin*");
    assertThat(output).contains("pool=<unbound> forkjoin=req thread=req");
  }

  @Test
  void aMalformedSwitchIsReportedAndNothingIsInstrumented() throws Exception {
    List<String> output = run(testClassPath(), "-Dcontextvars.agent.threads=yes");
    assertThat(output).contains("pool=<unbound> forkjoin=<unbound> thread=<unbound>");
    assertThat(output)
        .anyMatch(line -> line.contains("contextvars.agent.threads must be true or false"));
  }

  @Test
  void withoutTheCoreOnTheClassPathTheAgentSaysSoAndStepsAside() throws Exception {
    String withoutCore =
        Arrays.stream(testClassPath().split(File.pathSeparator))
            .filter(entry -> !entry.contains("context-api"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agentJar);
    command.add("-cp");
    command.add(withoutCore);
    command.add("-version");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output).contains("org.contextvars is not on the application class path");
  }
}
