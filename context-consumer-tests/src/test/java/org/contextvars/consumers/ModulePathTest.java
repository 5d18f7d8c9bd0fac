package org.contextvars.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named Java modules that use the library jars through the real module path, compiled by javac and
 * run by java of the JDK this test runs on; the Kotlin bridge's app is also linked by jlink.
 */
class ModulePathTest {
  private static final Path SOURCES = Path.of("src", "consumers", "modulepath");

  @TempDir Path work;

  @Test
  void aModuleRequiringTheCoreCompilesAndRunsWithoutJSpecify() throws Exception {
    String modulePath = PackagedJars.path("context-api");
    Path classes = compile("core", modulePath);

    String output = runModule(modulePath, classes, "demo.core/demo.core.Main");

    assertThat(output)
        .contains("snapshot=ada pool=bob after=- module=org.contextvars jspecify=false");
  }

  @Test
  void aModuleRequiringOnlyTheKotlinBridgeCompilesRunsAndLinks() throws Exception {
    String modulePath =
        PackagedJars.path(
            "context-kotlin", "context-api", "kotlin-stdlib", "kotlinx-coroutines-core-jvm");
    Path classes = compile("kotlin", modulePath);
    String expected = "seen=ada@io after=- module=org.contextvars.coroutines";

    // No --add-modules: the bridge's descriptor brings the core and kotlinx.coroutines along.
    assertThat(runModule(modulePath, classes, "demo.kotlin/demo.kotlin.Main")).contains(expected);

    Path image = work.resolve("image");
    JdkTools.tool(
            "jlink",
            List.of(
                "--module-path", classes + java.io.File.pathSeparator + modulePath,
                "--add-modules", "demo.kotlin",
                "--launcher", "demo=demo.kotlin/demo.kotlin.Main",
                "--no-header-files", "--no-man-pages",
                "--output", image.toString()))
        .ok();
    assertThat(JdkTools.run(List.of(image.resolve("bin").resolve("demo").toString())).ok().output())
        .contains(expected);
    assertThat(JdkTools.java(image, List.of("--list-modules")).ok().output())
        .contains("org.contextvars@", "org.contextvars.coroutines@", "kotlinx.coroutines.core")
        .doesNotContain("org.jspecify");
  }

  @Test
  void theMdcBridgeWorksOnTheModulePathWithTheDocumentedAddOpens() throws Exception {
    String modulePath =
        PackagedJars.path(
            "context-slf4j", "context-api", "slf4j-api", "logback-classic", "logback-core");
    Path classes = compile("slf4j", modulePath);

    String output =
        JdkTools.java(
                JdkTools.javaHome(),
                List.of(
                    "--module-path", classes + java.io.File.pathSeparator + modulePath,
                    "--add-opens", "org.slf4j/org.slf4j=org.contextvars.slf4j",
                    "-m", "demo.slf4j/demo.slf4j.Main"))
            .ok()
            .output();

    assertThat(output)
        .contains("mdc=r-1 backend=ch.qos.logback.classic.LoggerContext")
        .contains("after=null");
  }

  @Test
  void withoutTheAddOpensTheMdcBridgeSaysWhatToAdd() throws Exception {
    String modulePath =
        PackagedJars.path(
            "context-slf4j", "context-api", "slf4j-api", "logback-classic", "logback-core");
    Path classes = compile("slf4j", modulePath);

    JdkTools.Outcome outcome =
        JdkTools.java(
            JdkTools.javaHome(),
            List.of(
                "--module-path", classes + java.io.File.pathSeparator + modulePath,
                "-m", "demo.slf4j/demo.slf4j.Main"));

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.output())
        .contains("IllegalStateException")
        .contains("--add-opens org.slf4j/org.slf4j=org.contextvars.slf4j");
  }

  @Test
  void micrometerFindsTheAccessorOfTheAutomaticBridgeModuleThroughServiceLoader() throws Exception {
    String modulePath =
        PackagedJars.path("context-micrometer", "context-api", "context-propagation");
    Path classes = compile("micrometer", modulePath);

    String output = runModule(modulePath, classes, "demo.micrometer/demo.micrometer.Main");

    assertThat(output).contains("seen=ada plain=none accessors=org.contextvars.micrometer");
  }

  private Path compile(String app, String modulePath) throws Exception {
    Path classes = Files.createDirectories(work.resolve(app));
    JdkTools.javac(SOURCES.resolve(app), classes, List.of("--module-path", modulePath)).ok();
    return classes;
  }

  private static String runModule(String modulePath, Path classes, String main) {
    return JdkTools.java(
            JdkTools.javaHome(),
            List.of(
                "--module-path", classes + java.io.File.pathSeparator + modulePath,
                "-m", main))
        .ok()
        .output();
  }
}
