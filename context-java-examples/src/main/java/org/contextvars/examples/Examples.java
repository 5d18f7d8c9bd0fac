package org.contextvars.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.contextvars.examples.agent.AgentExample;
import org.contextvars.examples.mixed.JavaKotlinExample;
import org.contextvars.examples.requestid.RequestIdExample;
import org.contextvars.examples.spinner.SpinnerExample;
import org.contextvars.examples.tasktree.TaskTreeExample;
import org.contextvars.examples.transactions.TransactionExample;
import org.jspecify.annotations.Nullable;

/**
 * Runs the examples: all of them, or the ones named on the command line.
 *
 * <pre>
 * ./mvnw -q -pl context-java-examples -am compile exec:java                       # all
 * ./mvnw -q -pl context-java-examples -am compile exec:java -Dexec.args=spinner   # one
 * ./mvnw -q -pl context-java-examples -am compile exec:java -Dexec.args=list      # names
 * </pre>
 *
 * <p>An example can be picked by name or by its number in the list.
 */
public final class Examples {

  /** The exit status for a name that matches no example. */
  static final int UNKNOWN_EXAMPLE = 2;

  private Examples() {}

  /** Every example, in the order they are best read. */
  static List<Example> all() {
    return List.of(
        new SpinnerExample(),
        new RequestIdExample(),
        new TransactionExample(),
        new TaskTreeExample(),
        new JavaKotlinExample(),
        new AgentExample());
  }

  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs what {@code args} asks for and returns the process exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    List<Example> examples = all();
    if (args.length == 1 && args[0].equals("list")) {
      printList(examples, out);
      return 0;
    }
    List<Example> chosen = new ArrayList<>();
    for (String arg : args.length == 0 ? new String[] {"all"} : args) {
      if (arg.equals("all")) {
        chosen.addAll(examples);
        continue;
      }
      Example example = find(examples, arg);
      if (example == null) {
        err.println("No example is called '" + arg + "'. Choose from:");
        printList(examples, err);
        return UNKNOWN_EXAMPLE;
      }
      chosen.add(example);
    }
    for (Example example : chosen) {
      int number = examples.indexOf(example) + 1;
      out.println();
      out.println("=== " + number + ". " + example.name() + ": " + example.summary() + " ===");
      out.println();
      example.run(out);
    }
    return 0;
  }

  private static @Nullable Example find(List<Example> examples, String nameOrNumber) {
    for (int i = 0; i < examples.size(); i++) {
      Example example = examples.get(i);
      if (example.name().equals(nameOrNumber) || String.valueOf(i + 1).equals(nameOrNumber)) {
        return example;
      }
    }
    return null;
  }

  private static void printList(List<Example> examples, PrintStream out) {
    for (int i = 0; i < examples.size(); i++) {
      Example example = examples.get(i);
      out.printf("  %d. %-13s %s%n", i + 1, example.name(), example.summary());
    }
    out.println("Run one with -Dexec.args=<name or number>, several with a space between.");
  }
}
