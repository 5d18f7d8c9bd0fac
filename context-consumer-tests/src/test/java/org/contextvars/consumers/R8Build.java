package org.contextvars.consumers;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.origin.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * R8 run as the Android Gradle plugin runs it for a release build: full mode (not ProGuard
 * compatibility), every jar as program input so that R8 itself reads the rules each jar ships
 * under {@code META-INF/com.android.tools/r8/} (else {@code META-INF/proguard/}), plus the app's
 * own rules. The output is class files instead of DEX, so that the shrunk app runs on this JVM, and
 * the library is the JDK it runs on instead of android.jar.
 */
final class R8Build {
  /**
   * The input jars' data resources are copied to the output, and every jar has a manifest: the
   * Android Gradle plugin merges Java resources before R8 sees them, so these warnings are noise.
   */
  private static final String DUPLICATE_RESOURCE = "already exists";

  private R8Build() {}

  /** What R8 wrote, and the warnings it gave, one message each. */
  record Outcome(Path jar, Path mapping, Path configuration, List<String> warnings) {
    /** The whole configuration R8 applied: the app's rules and every rule file it found in a jar. */
    String appliedRules() throws IOException {
      return Files.readString(configuration, StandardCharsets.UTF_8);
    }
  }

  static Outcome shrink(Path directory, List<Path> programJars, List<String> appRules)
      throws IOException {
    Path rules = Files.write(directory.resolve("r8-app-rules.pro"), appRules, StandardCharsets.UTF_8);
    Path out = directory.resolve("shrunk.jar");
    Path mapping = directory.resolve("mapping.txt");
    Path configuration = directory.resolve("r8-configuration.txt");
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--release", "--classfile", "--output", out.toString()));
    args.addAll(List.of("--lib", JdkTools.javaHome().toString()));
    args.addAll(List.of("--pg-conf", rules.toString()));
    args.addAll(List.of("--pg-conf-output", configuration.toString()));
    args.addAll(List.of("--pg-map-output", mapping.toString()));
    programJars.forEach(jar -> args.add(jar.toString()));
    Files.write(directory.resolve("r8-arguments.txt"), args, StandardCharsets.UTF_8);

    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    DiagnosticsHandler handler =
        new DiagnosticsHandler() {
          @Override
          public void error(Diagnostic error) {
            synchronized (errors) {
              errors.add(error.getOrigin() + ": " + error.getDiagnosticMessage());
            }
          }

          @Override
          public void warning(Diagnostic warning) {
            String message = warning.getDiagnosticMessage();
            if (!message.contains(DUPLICATE_RESOURCE)) {
              synchronized (warnings) {
                warnings.add(warning.getOrigin() + ": " + message);
              }
            }
          }

          @Override
          public void info(Diagnostic info) {
            // Rules that match nothing in this app (a bridge's rules for an absent optional
            // library) are expected; the configuration file shows them all.
          }
        };
    try {
      R8.run(R8Command.parse(args.toArray(String[]::new), Origin.root(), handler).build());
    } catch (CompilationFailedException e) {
      throw new AssertionError("R8 failed:\n" + String.join("\n", errors), e);
    }
    return new Outcome(out, mapping, configuration, List.copyOf(warnings));
  }
}
