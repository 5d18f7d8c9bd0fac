package org.contextvars.consumers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The running JDK's classes as a jar, for a shrinker's library path. Read from the run-time image
 * (jrt:/), because a JDK need not ship jmods (Temurin 25 does not).
 */
final class JdkLibrary {
  /** What the app and the third-party jars it is shrunk with may refer to. */
  private static final List<String> MODULES =
      List.of(
          "java.base", "java.logging", "java.management", "java.naming", "java.sql", "java.xml",
          "java.desktop", "java.instrument", "java.scripting", "jdk.unsupported");

  private static Path jar;

  private JdkLibrary() {}

  /** The jar, written once per test run under target/. */
  static synchronized Path jar() {
    if (jar == null) {
      try {
        jar = write(Files.createDirectories(Path.of("target").toAbsolutePath()).resolve("jdk-library.jar"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jar;
  }

  private static Path write(Path target) {
    // The built-in jrt file system is shared and cannot be closed.
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
      for (String module : MODULES) {
        Path root = jrt.getPath("modules", module);
        try (Stream<Path> files = Files.walk(root)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            String name = root.relativize(file).toString();
            if (name.endsWith(".class") && !name.equals("module-info.class")) {
              out.putNextEntry(new JarEntry(name));
              out.write(Files.readAllBytes(file));
              out.closeEntry();
            }
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
