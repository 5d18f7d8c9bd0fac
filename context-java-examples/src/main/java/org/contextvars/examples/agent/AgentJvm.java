package org.contextvars.examples.agent;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import net.bytebuddy.ByteBuddy;
import org.contextvars.agent.ContextAgent;

/**
 * Starts a JVM with {@code -javaagent:} pointing at the context agent, on this example's class
 * path.
 *
 * <p>A Java agent must be given when a JVM starts, and {@code exec:java} runs the examples inside
 * Maven's own JVM, so this example starts a second one. After {@code package} the agent is its
 * shaded jar; after only {@code compile} it is a classes directory, which a small manifest-only jar
 * made here turns into an agent.
 */
final class AgentJvm {

  private AgentJvm() {}

  static Process start(Class<?> main) throws IOException, URISyntaxException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Keeps the JVM's note about class sharing and the bootstrap class path off the output.
    command.add("-Xshare:off");
    command.add("-javaagent:" + agentJar());
    command.add("-cp");
    command.add(classPath());
    command.add(main.getName());
    return new ProcessBuilder(command).start();
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Path agentJar() throws IOException, URISyntaxException {
    Path agent = codeSource(ContextAgent.class);
    if (!Files.isDirectory(agent)) {
      return agent;
    }
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Premain-Class", ContextAgent.class.getName());
    main.putValue("Can-Retransform-Classes", "true");
    main.put(
        Attributes.Name.CLASS_PATH,
        agent.toUri() + " " + codeSource(ByteBuddy.class).toUri());
    Path jar = Files.createTempFile("context-agent-", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      // The manifest is all it holds.
    }
    return jar;
  }

  /** The class path this example runs on: exec:java's own class loader, or the JVM's. */
  private static String classPath() throws URISyntaxException {
    ClassLoader loader = AgentJvm.class.getClassLoader();
    if (loader instanceof URLClassLoader) {
      List<String> entries = new ArrayList<>();
      for (URL url : ((URLClassLoader) loader).getURLs()) {
        entries.add(Path.of(url.toURI()).toString());
      }
      return String.join(File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }
}
