package org.contextvars.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.lang.instrument.Instrumentation;

/**
 * Puts the agent's bridge package ({@code org.contextvars.agent.bootstrap}) on the bootstrap class
 * path, so that instrumented JDK classes can call it.
 *
 * <p>Only that package goes there: the rest of the agent must stay in the application class
 * loader, next to the application's copy of the core. The bridge classes are copied out of the
 * agent jar into a temporary jar, which the JVM deletes on exit.
 *
 * <p>Must run before anything loads a bridge class: the application class loader asks the
 * bootstrap loader first, so from then on every loader finds the single bootstrap copy.
 */
final class BootstrapJar {

  static final String PACKAGE_PATH = "org/contextvars/agent/bootstrap/";

  private BootstrapJar() {}

  static void append(Instrumentation inst) throws IOException, URISyntaxException {
    Path agentCode =
        Path.of(BootstrapJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path bridge = Files.createTempFile("contextvars-agent-bootstrap", ".jar");
    bridge.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(bridge);
        JarOutputStream target = new JarOutputStream(file)) {
      if (Files.isDirectory(agentCode)) {
        // An unpackaged build (classes directory named by a manifest-only agent jar).
        copyFromDirectory(agentCode, target);
      } else {
        copyFromJar(agentCode, target);
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(bridge.toFile()));
  }

  private static void copyFromJar(Path agentJar, JarOutputStream target) throws IOException {
    try (JarFile source = new JarFile(agentJar.toFile())) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(PACKAGE_PATH) && entry.getName().endsWith(".class")) {
          target.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = source.getInputStream(entry)) {
            in.transferTo(target);
          }
          target.closeEntry();
        }
      }
    }
  }

  private static void copyFromDirectory(Path classes, JarOutputStream target) throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(classes.resolve(PACKAGE_PATH), "*.class")) {
      for (Path file : files) {
        target.putNextEntry(new JarEntry(PACKAGE_PATH + file.getFileName()));
        Files.copy(file, target);
        target.closeEntry();
      }
    }
  }
}
