package org.contextvars.consumers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** javac, jlink and java of the JDK these tests run on, as a consumer's build would call them. */
final class JdkTools {
  private static final long TIMEOUT_SECONDS = 120;

  private JdkTools() {}

  /** What a tool or program printed (stdout and stderr together), and its exit code. */
  record Outcome(int exitCode, String output) {
    Outcome ok() {
      if (exitCode != 0) {
        throw new AssertionError("exit code " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /** Runs an in-process tool (javac, jlink, jar). */
  static Outcome tool(String name, List<String> args) {
    ToolProvider tool =
        ToolProvider.findFirst(name).orElseThrow(() -> new AssertionError("no " + name + " tool"));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      int code = tool.run(out, out, args.toArray(String[]::new));
      return new Outcome(code, buffer.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Compiles every .java file under {@code sources} into {@code classes}, in a new process: an
   * in-process javac would see this test's class path.
   */
  static Outcome javac(Path sources, Path classes, List<String> options) {
    List<String> args = new ArrayList<>();
    args.add(javaHome().resolve("bin").resolve("javac").toString());
    args.addAll(options);
    args.addAll(List.of("-d", classes.toString(), "-Xlint:all,-requires-automatic,-try", "-Werror"));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return run(args);
  }

  /** Runs {@code bin/java} of the given Java home in a new process. */
  static Outcome java(Path javaHome, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(args);
    return run(command);
  }

  /** Runs a program, stdout and stderr merged into a file, failing after a bounded wait. */
  static Outcome run(List<String> command) {
    return run(command, TIMEOUT_SECONDS);
  }

  /** As {@link #run(List)}, with a longer bound for a nested Maven build. */
  static Outcome run(List<String> command, long timeoutSeconds) {
    try {
      Path log = Files.createTempFile("consumer-run", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError(
              "did not finish in " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
        }
        return new Outcome(process.exitValue(), Files.readString(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
