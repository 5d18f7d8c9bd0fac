package org.contextvars.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.Token;

/**
 * The whole program that {@link AgentStartupBenchmark} starts a JVM for: binds a request id, hands
 * one task to a one-thread pool (plain, or wrapped when the argument is {@code wrapped}), prints
 * what the task saw and exits. Its wall time from launch to exit is a JVM's time to its first
 * propagated task.
 *
 * <pre>{@code
 * java -cp benchmarks.jar org.contextvars.benchmarks.FirstTask plain     # prints <unbound>
 * java -javaagent:context-agent.jar -cp benchmarks.jar org.contextvars.benchmarks.FirstTask plain
 *                                                                        # prints req-1
 * }</pre>
 *
 * <p>Cautions: a measurement fixture, not an example; it prints one line and nothing else.
 */
public final class FirstTask {

  static final String VALUE = "req-1";
  static final String ABSENT = "<unbound>";

  private FirstTask() {}

  public static void main(String[] args) throws Exception {
    boolean wrapped = args.length > 0 && args[0].equals("wrapped");
    ContextVar<String> requestId = ContextVar.of("request_id");
    ExecutorService pool = Executors.newFixedThreadPool(1);
    ExecutorService executor = wrapped ? ContextExecutors.wrap(pool) : pool;
    String seen;
    try (Token<String> token = requestId.set(VALUE)) {
      seen = executor.submit(() -> requestId.orElse(ABSENT)).get();
    }
    pool.shutdown();
    System.out.println(seen);
  }
}
