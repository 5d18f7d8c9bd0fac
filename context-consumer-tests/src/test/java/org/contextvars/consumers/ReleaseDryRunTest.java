package org.contextvars.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A release dry run. A second build of the published modules, from a copy of this repository's
 * sources, deploys them into a file repository under target/; its jars must equal, byte for byte,
 * the ones this build packaged (reproducible builds); then a separate Maven project that imports
 * the BOM from that repository builds and runs against them.
 */
class ReleaseDryRunTest {
  static final List<String> PUBLISHED =
      List.of(
          "context-bom", "context-api", "context-kotlin", "context-slf4j", "context-micrometer",
          "context-opentelemetry");
  /** Generous: a loaded CI machine compiles Kotlin and runs Dokka slowly. */
  private static final long MAVEN_TIMEOUT_SECONDS = 900;

  static final List<String> LIBRARIES = PUBLISHED.subList(1, PUBLISHED.size());
  /** Built but not deployed: the library modules' test-scoped dependency. */
  static final String TEST_SUPPORT = "context-test-support";

  private final Path root = Path.of("..").toAbsolutePath().normalize();
  private final Path work = Path.of("target", "release").toAbsolutePath();
  private final String version = System.getProperty("contextvars.version");

  @Test
  void deployedArtifactsAreReproducibleAndAConsumerBuildsAgainstThem() throws Exception {
    delete(work);
    Path source = copySources(work.resolve("source"));
    Path repository = work.resolve("repository");

    List<String> deploy = new ArrayList<>(maven(source));
    deploy.addAll(
        List.of(
            "-f", source.resolve("pom.xml").toString(), "deploy", "-pl", ".," + TEST_SUPPORT + "," + String.join(",", PUBLISHED),
            "-Dmaven.test.skip=true", "-Dmaven.install.skip=true", "-Danimal.sniffer.skip=true",
            // The outer build's local repository: deploy writes nothing there.
            "-Dmaven.repo.local=" + System.getProperty("shared.local.repository"),
            "-DaltDeploymentRepository=dry-run::" + repository.toUri()));
    JdkTools.run(withJavaHome(deploy), MAVEN_TIMEOUT_SECONDS).ok();

    for (String module : LIBRARIES) {
      for (String classifier : List.of("", "-sources", "-javadoc")) {
        Path built = root.resolve(module).resolve("target").resolve(module + "-" + version + classifier + ".jar");
        assertSameBytes(built, deployed(repository, module, classifier));
      }
    }
    assertThat(deployed(repository, "context-bom", "")).isNotNull();

    Path consumer = work.resolve("consumer");
    copyTree(Path.of("src", "consumers", "maven-consumer"), consumer);
    List<String> build = new ArrayList<>(maven(source));
    build.addAll(
        List.of(
            "-f", consumer.resolve("pom.xml").toString(), "package", "exec:java",
            "-Drelease.repository=" + repository.toUri(),
            "-Dcontextvars.version=" + version,
            // A private local repository, so the published snapshots never reach the shared
            // one; what the shared one already holds is read from there.
            "-Dmaven.repo.local=" + work.resolve("consumer-m2"),
            "-Daether.chainedLocalRepository.paths=" + System.getProperty("shared.local.repository"),
            "-Daether.chainedLocalRepository.ignoreAvailability=true"));
    for (String property :
        List.of(
            "slf4j.version", "maven-resources-plugin.version", "maven-compiler-plugin.version",
            "maven-surefire-plugin.version", "maven-jar-plugin.version", "exec-maven-plugin.version")) {
      build.add("-D" + property + "=" + System.getProperty(property));
    }
    String output = JdkTools.run(withJavaHome(build), MAVEN_TIMEOUT_SECONDS).ok().output();

    assertThat(output).contains("consumer: coroutine=r-1 mdc=r-1 after=-");
  }

  /** The Maven wrapper of the copied sources, batch mode, quiet. */
  private static List<String> maven(Path source) {
    return List.of(source.resolve("mvnw").toString(), "-B", "-q");
  }

  /** Runs the wrapper on the JDK this test runs on. */
  private static List<String> withJavaHome(List<String> command) {
    List<String> withEnv = new ArrayList<>();
    withEnv.add("env");
    withEnv.add("JAVA_HOME=" + JdkTools.javaHome());
    withEnv.addAll(command);
    return withEnv;
  }

  /** The root POM, the wrapper, every module's POM, and the published modules' sources. */
  private Path copySources(Path target) throws IOException {
    Files.createDirectories(target);
    for (String file : List.of("pom.xml", "mvnw")) {
      Files.copy(root.resolve(file), target.resolve(file));
    }
    target.resolve("mvnw").toFile().setExecutable(true);
    copyTree(root.resolve(".mvn"), target.resolve(".mvn"));
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        if (Files.isRegularFile(module.resolve("pom.xml"))) {
          Path copy = Files.createDirectories(target.resolve(module.getFileName().toString()));
          Files.copy(module.resolve("pom.xml"), copy.resolve("pom.xml"));
          String name = module.getFileName().toString();
          if ((PUBLISHED.contains(name) || name.equals(TEST_SUPPORT))
              && Files.isDirectory(module.resolve("src"))) {
            copyTree(module.resolve("src"), copy.resolve("src"));
          }
        }
      }
    }
    return target;
  }

  /** The one jar deployed for a module and classifier (a snapshot gets a timestamped name). */
  private Path deployed(Path repository, String module, String classifier) throws IOException {
    Path directory = repository.resolve("org/contextvars").resolve(module).resolve(version);
    String extension = module.equals("context-bom") ? ".pom" : ".jar";
    String prefix = module + "-" + version.replace("-SNAPSHOT", "");
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> matches =
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().matches(
                  ".*-\\d+(\\.\\d+)?(-\\d+)?" + classifier + "\\" + extension))
              .toList();
      assertThat(matches).as("deployed %s%s in %s", module, classifier, directory).hasSize(1);
      return matches.get(0);
    }
  }

  private static void assertSameBytes(Path built, Path deployed) throws IOException {
    if (Arrays.equals(Files.readAllBytes(built), Files.readAllBytes(deployed))) {
      return;
    }
    throw new AssertionError(
        "not reproducible: " + built.getFileName() + " differs from the second build's "
            + deployed.getFileName() + " in " + differingEntries(built, deployed));
  }

  /** Names of the entries whose content, time or presence differs. */
  private static List<String> differingEntries(Path a, Path b) throws IOException {
    Map<String, String> left = summary(a);
    Map<String, String> right = summary(b);
    java.util.Set<String> names = new java.util.TreeSet<>(left.keySet());
    names.addAll(right.keySet());
    List<String> differing = new ArrayList<>();
    for (String name : names) {
      if (!String.valueOf(left.get(name)).equals(String.valueOf(right.get(name)))) {
        differing.add(name + " [time/content " + left.get(name) + " vs " + right.get(name) + "]");
      }
    }
    return differing.size() <= 5 ? differing : differing.subList(0, 5);
  }

  private static Map<String, String> summary(Path jar) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : java.util.Collections.list(file.entries())) {
        byte[] bytes = file.getInputStream(entry).readAllBytes();
        entries.put(entry.getName(), entry.getTime() + "/" + Arrays.hashCode(bytes));
      }
    }
    return entries;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
