package org.contextvars.consumers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The jars of this test's class path, found by artifact id: the library jars exactly as the build
 * packaged them, and the third-party jars a consumer would add.
 */
final class PackagedJars {
  private PackagedJars() {}

  /** The jar of {@code artifactId}; fails when the class path has a classes directory instead. */
  static Path jar(String artifactId) {
    Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-\\d[^/\\\\]*\\.jar");
    List<String> seen = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      seen.add(path.getFileName() == null ? entry : path.getFileName().toString());
      if (name.matcher(path.getFileName().toString()).matches() && Files.isRegularFile(path)) {
        return path;
      }
      if (Files.isDirectory(path) && path.toString().contains(artifactId + File.separator)) {
        throw new IllegalStateException(
            artifactId + " is a classes directory here (" + path + "): these tests need the"
                + " packaged jars, run them with the verify phase");
      }
    }
    throw new IllegalStateException("no " + artifactId + " jar on the class path " + seen);
  }

  /** The jars of these artifacts, joined for a module path or class path option. */
  static String path(String... artifactIds) {
    return String.join(
        File.pathSeparator,
        Arrays.stream(artifactIds).map(id -> jar(id).toString()).toArray(String[]::new));
  }
}
