package org.contextvars.consumers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ProGuard;

/**
 * An application jar shrunk, optimised and obfuscated together with the jars it uses, configured
 * the way the Android Gradle plugin configures a release build: the app's own rules, plus the rules
 * every input jar ships. With ProGuard, those in {@code META-INF/com.android.tools/proguard/} (or,
 * for a jar without that directory, {@code META-INF/proguard/}); with R8 ({@link #shrinkWithR8()}),
 * R8 reads them itself.
 */
final class ShrunkApp {
  private final Path directory;
  private final List<Path> jars = new ArrayList<>();
  private final List<String> appRules = new ArrayList<>();
  private final List<String> proguardOnlyRules = new ArrayList<>();

  ShrunkApp(Path directory) {
    this.directory = directory;
  }

  /** Adds the app's compiled classes under {@code packagePath} (e.g. "demo/app/") as a jar. */
  ShrunkApp app(Class<?> anyAppClass, String packagePath, String excludedPath) {
    try {
      Path classes = Path.of(anyAppClass.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path appJar = directory.resolve("app.jar");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(appJar));
          Stream<Path> files = Files.walk(classes.resolve(packagePath))) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = classes.relativize(file).toString().replace('\\', '/');
          if (Files.isRegularFile(file)
              && (excludedPath == null || !name.startsWith(excludedPath))) {
            out.putNextEntry(new JarEntry(name));
            out.write(Files.readAllBytes(file));
            out.closeEntry();
          }
        }
      }
      jars.add(appJar);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds packaged jars by artifact id, as program input (a release build shrinks them all). */
  ShrunkApp with(String... artifactIds) {
    for (String id : artifactIds) {
      jars.add(PackagedJars.jar(id));
    }
    return this;
  }

  /** A rule the app itself would write in its proguard-rules.pro. */
  ShrunkApp rule(String rule) {
    appRules.add(rule);
    return this;
  }

  /** An app rule for ProGuard only: an option R8 does not have, or a ProGuard bug's workaround. */
  ShrunkApp proguardRule(String rule) {
    proguardOnlyRules.add(rule);
    return this;
  }

  /** Runs ProGuard; returns the shrunk jar. Warnings are errors, as in ProGuard's defaults. */
  Path shrink() throws Exception {
    Path out = directory.resolve("shrunk.jar");
    List<String> config = new ArrayList<>();
    for (Path jar : jars) {
      config.add(
          "-injars '" + jar + "'(!META-INF/MANIFEST.MF,!**module-info.class,!META-INF/versions/**,"
              + "!META-INF/maven/**,!META-INF/*.kotlin_module,!META-INF/proguard/**,"
              + "!META-INF/com.android.tools/**,!META-INF/LICENSE*,!META-INF/NOTICE*)");
      config.addAll(embeddedRules(jar));
    }
    config.add("-outjars '" + out + "'");
    config.add("-libraryjars '" + JdkLibrary.jar() + "'");
    config.add("-printmapping '" + directory.resolve("mapping.txt") + "'");
    config.addAll(appRules);
    config.addAll(proguardOnlyRules);
    Path file = directory.resolve("proguard.pro");
    Files.write(file, config, StandardCharsets.UTF_8);

    Configuration configuration = new Configuration();
    try (ConfigurationParser parser = new ConfigurationParser(file.toFile(), System.getProperties())) {
      parser.parse(configuration);
    }
    new ProGuard(configuration).execute();
    return out;
  }

  /**
   * Runs R8 instead, as the Android Gradle plugin does: the jars whole, their rules read by R8
   * itself.
   */
  R8Build.Outcome shrinkWithR8() throws IOException {
    return R8Build.shrink(directory, jars, appRules);
  }

  Path mapping() {
    return directory.resolve("mapping.txt");
  }

  /** The rules a jar ships, chosen as the Android Gradle plugin chooses them. */
  static List<String> embeddedRules(Path jar) throws IOException {
    List<String> android = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.endsWith(".pro")) {
          continue;
        }
        if (name.startsWith("META-INF/com.android.tools/proguard/")) {
          android.add(read(file, entry));
        } else if (name.startsWith("META-INF/proguard/")) {
          plain.add(read(file, entry));
        }
      }
    }
    return android.isEmpty() ? plain : android;
  }

  private static String read(JarFile file, JarEntry entry) throws IOException {
    return new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
  }
}
