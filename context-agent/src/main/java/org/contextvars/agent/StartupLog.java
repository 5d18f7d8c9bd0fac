package org.contextvars.agent;

/**
 * The agent's few lines on standard error. Not a logging framework: the agent starts before the
 * application configures one, and must not initialise one on its behalf.
 */
final class StartupLog {

  private StartupLog() {}

  static void print(String line) {
    System.err.println("[contextvars-agent] " + line);
  }
}
