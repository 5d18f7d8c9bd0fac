package org.contextvars.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The agent's switches, read once from system properties at start-up.
 *
 * <ul>
 *   <li>{@code contextvars.agent.enabled=false}: instrument nothing.
 *   <li>{@code contextvars.agent.threads=false}: new threads start with an empty context, as
 *       without the agent.
 *   <li>{@code contextvars.agent.include=a.B,c.d.*}: capture only for executors (and timers) of
 *       these classes; a trailing {@code *} matches a name prefix.
 *   <li>{@code contextvars.agent.exclude=...}: never capture for executors of these classes; wins
 *       over include.
 *   <li>{@code contextvars.agent.debug=true}: Byte Buddy's log of every class it looks at, on
 *       standard error, to diagnose a class that is not instrumented.
 * </ul>
 */
final class AgentSettings {

  static final String PREFIX = "contextvars.agent.";

  final boolean enabled;
  final boolean threadsInherit;
  final List<String> include;
  final List<String> exclude;

  private AgentSettings(
      boolean enabled, boolean threadsInherit, List<String> include, List<String> exclude) {
    this.enabled = enabled;
    this.threadsInherit = threadsInherit;
    this.include = include;
    this.exclude = exclude;
  }

  static AgentSettings from(Properties properties) {
    return new AgentSettings(
        flag(properties, "enabled"),
        flag(properties, "threads"),
        names(properties, "include"),
        names(properties, "exclude"));
  }

  private static boolean flag(Properties properties, String key) {
    String value = properties.getProperty(PREFIX + key, "true").trim();
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "system property " + PREFIX + key + " must be true or false, not '" + value + "'");
  }

  private static List<String> names(Properties properties, String key) {
    List<String> names = new ArrayList<>();
    for (String name : properties.getProperty(PREFIX + key, "").split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    return List.copyOf(names);
  }

  /** Whether tasks given to an executor of the named class are captured. */
  Predicate<String> executorFilter() {
    List<String> in = include;
    List<String> out = exclude;
    return name -> !matchesAny(out, name) && (in.isEmpty() || matchesAny(in, name));
  }

  private static boolean matchesAny(List<String> patterns, String name) {
    for (String pattern : patterns) {
      if (pattern.endsWith("*")
          ? name.startsWith(pattern.substring(0, pattern.length() - 1))
          : name.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  /** What the start-up line says about the settings. */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append("threads inherit: ").append(threadsInherit);
    if (!include.isEmpty()) {
      out.append("; include ").append(String.join(",", include));
    }
    if (!exclude.isEmpty()) {
      out.append("; exclude ").append(String.join(",", exclude));
    }
    return out.toString();
  }
}
