package org.contextvars.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A sample app (src/app) shrunk, optimised and obfuscated together with the packaged library jars,
 * with only its main class kept and the jars' own consumer rules applied; then run. Once by
 * ProGuard, once by R8 (the shrinker of Android builds) in full mode.
 */
class ShrinkTest {

  private static final String[] FULL_APP_CHECKS = {
    "ok set-get-reset", "ok copy-run", "ok wrapped-executor", "ok completable-future",
    "ok leak-check", "ok coroutine", "ok micrometer", "ok slf4j-logback", "all checks passed"
  };

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

  /** The sample app and what it uses: the library jars as packaged, and the third-party jars. */
  private ShrunkApp fullApp() {
    return appRules(
            new ShrunkApp(work)
                .app(demo.app.Main.class, "demo/app/", "demo/app/nologback/")
                .with(
                    "context-api", "context-kotlin", "context-micrometer", "context-slf4j",
                    "kotlin-stdlib", "kotlinx-coroutines-core-jvm", "context-propagation",
                    "annotations", "slf4j-api", "logback-classic", "logback-core"))
        .rule("-keep class demo.app.Main { public static void main(java.lang.String[]); }");
  }

  /** An app that uses the MDC bridge with SLF4J alone: Logback is not there. */
  private ShrunkApp appWithoutLogback() {
    return appRules(
            new ShrunkApp(work)
                .app(demo.app.nologback.Main.class, "demo/app/nologback/", null)
                .with("context-api", "context-slf4j", "slf4j-api"))
        .rule(
            "-keep class demo.app.nologback.Main {"
                + " public static void main(java.lang.String[]); }");
  }

  @Test
  void theShrunkAppPassesEveryCheck() throws Exception {
    ShrunkApp app = fullApp();

    String output = run(app.shrink(), "demo.app.Main");

    assertThat(output).contains(FULL_APP_CHECKS);
    assertObfuscated(app.mapping());
  }

  @Test
  void theMdcBridgeSurvivesShrinkingInAnAppWithoutLogback() throws Exception {
    ShrunkApp app = appWithoutLogback();

    String output = run(app.shrink(), "demo.app.nologback.Main");

    assertThat(output).contains("ok slf4j-without-logback");
    assertObfuscated(app.mapping());
  }

  @Test
  void theAppShrunkByR8InFullModePassesEveryCheck() throws Exception {
    R8Build.Outcome shrunk = fullApp().shrinkWithR8();

    String output = run(shrunk.jar(), "demo.app.Main");

    assertThat(output).contains(FULL_APP_CHECKS);
    assertObfuscated(shrunk.mapping());
    assertR8ReadTheRulesOf(
        shrunk, "context-api", "context-kotlin", "context-micrometer", "context-slf4j");
  }

  @Test
  void theMdcBridgeSurvivesR8InAnAppWithoutLogback() throws Exception {
    R8Build.Outcome shrunk = appWithoutLogback().shrinkWithR8();

    String output = run(shrunk.jar(), "demo.app.nologback.Main");

    assertThat(output).contains("ok slf4j-without-logback");
    assertObfuscated(shrunk.mapping());
    assertR8ReadTheRulesOf(shrunk, "context-api", "context-slf4j");
  }

  /**
   * R8 took each library jar's rules from the directory meant for it, and warned about none of our
   * classes or jars.
   */
  private static void assertR8ReadTheRulesOf(R8Build.Outcome shrunk, String... libraries)
      throws Exception {
    String rules = shrunk.appliedRules();
    for (String library : libraries) {
      assertThat(rules)
          .as("the rules R8 applied")
          .contains(
              PackagedJars.jar(library) + ":META-INF/com.android.tools/r8/" + library + ".pro");
    }
    List<String> ours =
        shrunk.warnings().stream()
            .filter(
                warning ->
                    warning.contains("org.contextvars")
                        || warning.contains("org/contextvars")
                        || Arrays.stream(libraries)
                            .anyMatch(
                                library ->
                                    warning.contains(
                                        PackagedJars.jar(library).getFileName().toString())))
            .toList();
    assertThat(ours).as("R8's warnings about the library").isEmpty();
  }

  /**
   * What the app itself writes in its rules, as a release build of an Android app would: the
   * optimisation settings, and keep rules for the third-party libraries that ship none.
   */
  private static ShrunkApp appRules(ShrunkApp app) {
    return app.proguardRule("-optimizationpasses 3")
        // A ProGuard 7 optimisation miscompiles kotlinx.coroutines itself (not this library).
        .proguardRule("-optimizations !method/specialization/parametertype")
        .proguardRule("-dontnote")
        .rule("-allowaccessmodification")
        .rule("-repackageclasses ''")
        // SLF4J and Logback ship no rules: Logback is SLF4J's provider through ServiceLoader.
        .rule("-keepnames interface org.slf4j.spi.SLF4JServiceProvider")
        .rule("-keep class ch.qos.logback.classic.spi.LogbackServiceProvider { public <init>(); }")
        // R8 follows Logback's service files and Class.forName calls by itself: only the ProGuard
        // build keeps Logback whole.
        .proguardRule("-keep class ch.qos.logback.** { *; }")
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
  private static void assertObfuscated(Path mapping) throws Exception {
    List<String> renamed =
        Files.readAllLines(mapping).stream()
            .filter(line -> line.startsWith("org.contextvars.") && line.endsWith(":"))
            .filter(line -> !line.startsWith(line.substring(line.indexOf(" -> ") + 4, line.length() - 1) + " "))
            .toList();
    assertThat(renamed).as("library classes renamed by obfuscation").isNotEmpty();
  }
}
