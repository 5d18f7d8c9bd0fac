package org.contextvars.examples;

import java.io.PrintStream;

/**
 * One runnable example. It writes everything it wants to show to the stream it is given, so the
 * command line prints it and a test can read it back.
 */
public interface Example {

  /** The short name that picks this example on the command line, such as {@code spinner}. */
  String name();

  /** One line saying what the example shows. */
  String summary();

  /** Runs the example to completion, printing to {@code out}; leaves no thread running. */
  void run(PrintStream out) throws Exception;
}
