package org.contextvars.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A sample app (src/app) shrunk, optimised and obfuscated by ProGuard together with the packaged
 * library jars, with only its main class kept and the jars' own consumer rules applied; then run.
 */
class ShrinkTest {

  private Path work;

  @BeforeEach
  void cleanWorkDirectory(TestInfo test) throws Exception {
    // Under target/, not a temporary directory: the configuration, mapping and jars stay for a look.
    work = Path.of("target", "shrink", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
    if (Files.exists(work)) {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(work);
  }

  @Test
  void theShrunkAppPassesEveryCheck() throws Exception {
    ShrunkApp app =
        appRules(
            new ShrunkApp(work)
                .app(demo.app.Main.class, "demo/app/", "demo/app/nologback/")
                .with(
                    "context-api", "context-kotlin", "context-micrometer", "context-slf4j",
                    "kotlin-stdlib", "kotlinx-coroutines-core-jvm", "context-propagation",
                    "annotations", "slf4j-api", "logback-classic", "logback-core"))
            .rule("-keep class demo.app.Main { public static void main(java.lang.String[]); }");

    Path shrunk = app.shrink();
    String output = run(shrunk, "demo.app.Main");

    assertThat(output)
        .contains(
            "ok set-get-reset", "ok copy-run", "ok wrapped-executor", "ok completable-future",
            "ok leak-check", "ok coroutine", "ok micrometer", "ok slf4j-logback",
            "all checks passed");
    assertObfuscated(app);
  }

  @Test
  void theMdcBridgeSurvivesShrinkingInAnAppWithoutLogback() throws Exception {
    ShrunkApp app =
        appRules(
            new ShrunkApp(work)
                .app(demo.app.nologback.Main.class, "demo/app/nologback/", null)
                .with("context-api", "context-slf4j", "slf4j-api"))
            .rule(
                "-keep class demo.app.nologback.Main {"
                    + " public static void main(java.lang.String[]); }");

    String output = run(app.shrink(), "demo.app.nologback.Main");

    assertThat(output).contains("ok slf4j-without-logback");
    assertObfuscated(app);
  }

  /**
   * What the app itself writes in its rules, as a release build of an Android app would: the
   * optimisation settings, and keep rules for the third-party libraries that ship none.
   */
  private static ShrunkApp appRules(ShrunkApp app) {
    return app.rule("-optimizationpasses 3")
        .rule("-allowaccessmodification")
        .rule("-repackageclasses ''")
        // A ProGuard 7 optimisation miscompiles kotlinx.coroutines itself (not this library).
        .rule("-optimizations !method/specialization/parametertype")
        .rule("-dontnote")
        // SLF4J and Logback ship no rules: Logback is SLF4J's provider through ServiceLoader.
        .rule("-keepnames interface org.slf4j.spi.SLF4JServiceProvider")
        .rule("-keep class ch.qos.logback.classic.spi.LogbackServiceProvider { public <init>(); }")
        .rule("-keep class ch.qos.logback.** { *; }")
        // Annotations of third-party jars that only compilers read.
        .rule("-dontwarn javax.annotation.**")
        .rule("-dontwarn android.annotation.SuppressLint");
  }

  private static String run(Path shrunk, String mainClass) {
    JdkTools.Outcome outcome =
        JdkTools.java(
            JdkTools.javaHome(),
            List.of("-Dorg.contextvars.leakCheck=true", "-cp", shrunk.toString(), mainClass));
    assertThat(outcome.exitCode()).as(outcome.output()).isZero();
    return outcome.output();
  }

  /** The library's own implementation classes were renamed: the jars were really obfuscated. */
  private static void assertObfuscated(ShrunkApp app) throws Exception {
    List<String> renamed =
        Files.readAllLines(app.mapping()).stream()
            .filter(line -> line.startsWith("org.contextvars.") && line.endsWith(":"))
            .filter(line -> !line.startsWith(line.substring(line.indexOf(" -> ") + 4, line.length() - 1) + " "))
            .toList();
    assertThat(renamed).as("library classes renamed by obfuscation").isNotEmpty();
  }
}
