package org.contextvars.agent;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that carries context through plain JDK concurrency, with no wrapper in application
 * code: each task, stage or new thread runs in a copy of the context that was current where it
 * was submitted, created or started, exactly as with {@code ContextExecutors.wrap}, {@code
 * ContextCompletableFuture} and {@code ContextExecutors.inheriting}.
 *
 * <pre>{@code
 * java -javaagent:context-agent.jar -cp app.jar:context-api.jar com.example.Main
 *
 * // then, in plain code:
 * ExecutorService pool = Executors.newFixedThreadPool(4);
 * try (var token = REQUEST_ID.set("req-7")) {
 *   pool.submit(() -> REQUEST_ID.get());                        // "req-7"
 *   CompletableFuture.supplyAsync(REQUEST_ID::get);             // "req-7"
 *   new Thread(() -> REQUEST_ID.get()).start();                 // "req-7"
 * }
 * }</pre>
 *
 * <p>Covered: {@code ThreadPoolExecutor}, {@code ScheduledThreadPoolExecutor}, {@code
 * ForkJoinPool} (also {@code fork()} inside tasks and the common pool), the virtual-thread-per-task
 * executor, {@code java.util.Timer}, {@code CompletableFuture} stages and {@code Thread.start}.
 * Settings are system properties starting with {@code contextvars.agent.}: {@code enabled},
 * {@code threads}, {@code include}, {@code exclude} (see the module's README).
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>The core ({@code context-api}) must be on the application class path. Under a class
 *       loader of its own (an application server, a fat-jar launcher, Maven's {@code exec:java})
 *       the agent instruments the JDK but never sees those contexts.
 *   <li>Executors that do not extend {@code ThreadPoolExecutor} or {@code ForkJoinPool} and do
 *       not start a thread per task (Netty event loops, for example) are not covered.
 *   <li>Queued tasks are wrappers: {@code ThreadPoolExecutor.remove(task)} does not find a task
 *       passed to {@code execute}, and {@code shutdownNow()} returns the wrappers.
 *   <li>A long-lived thread started while a context was current keeps a copy of it for its life;
 *       pool workers do not. Switch inheritance off with {@code -Dcontextvars.agent.threads=false}.
 *   <li>Attaching to a running JVM works, but JDK 21 and later warn about dynamically loaded
 *       agents; prefer {@code -javaagent}. Android runs no Java agents.
 * </ul>
 */
public final class ContextAgent {

  private ContextAgent() {}

  /** Entry point for {@code -javaagent:}. */
  public static void premain(String arguments, Instrumentation inst) {
    start(inst);
  }

  /** Entry point for attaching to a running JVM. */
  public static void agentmain(String arguments, Instrumentation inst) {
    start(inst);
  }

  private static void start(Instrumentation inst) {
    try {
      AgentSettings settings = AgentSettings.from(System.getProperties());
      if (!settings.enabled) {
        StartupLog.print("switched off (" + AgentSettings.PREFIX + "enabled=false): nothing instrumented");
        return;
      }
      if (ClassLoader.getSystemClassLoader().getResource("org/contextvars/Context.class") == null) {
        StartupLog.print("org.contextvars is not on the application class path: nothing instrumented");
        return;
      }
      // Before any class below touches the bridge: see BootstrapJar.
      BootstrapJar.append(inst);
      Installer.install(inst, settings);
    } catch (Throwable failure) {
      StartupLog.print("failed to start, nothing instrumented: " + failure);
    }
  }
}
