package org.contextvars.examples.tasktree;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.contextvars.ContextExecutors;
import org.contextvars.ContextVar;
import org.contextvars.examples.Example;
import org.contextvars.examples.NamedThreads;

/**
 * Root tasks A, B and C each pick a random id and start a child, which starts a grandchild; every
 * task prints the id it reads from {@link #ID}. Python's asyncio gives each task a copy of its
 * creator's context; a {@code ContextExecutors} wrapper does the same for each task submitted to
 * it, so the child and grandchild of A see A's id, never B's or C's, although all of them share a
 * pool of three threads.
 *
 * <p>The tasks are {@code CompletableFuture}s that never block a pool thread: each one starts its
 * child and completes when the child does ({@code thenCompose}).
 *
 * <p>Structured concurrency: on JDK 25, {@code StructuredTaskScope} is where this tree would
 * naturally live, one scope per level. Its forked threads would start in a copy of the forking
 * task's context through a {@code ContextExecutors.inheriting(...)} thread factory; that version
 * belongs here once it can be compiled against.
 */
public final class TaskTreeExample implements Example {

  /** The id of the tree a task belongs to. Set by each root task; read by its descendants. */
  static final ContextVar<Integer> ID = ContextVar.of("id");

  private final Random random;

  public TaskTreeExample() {
    this(new Random());
  }

  TaskTreeExample(Random random) {
    this.random = random;
  }

  @Override
  public String name() {
    return "task-tree";
  }

  @Override
  public String summary() {
    return "child tasks see the id their root task picked";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("Three root tasks each pick a random id, then start a child, which starts a");
    out.println("grandchild. Each task reads the id from the context; none is given it.");
    out.println();

    ExecutorService pool =
        ContextExecutors.wrap(Executors.newFixedThreadPool(3, new NamedThreads("pool")));
    try {
      List<CompletableFuture<Void>> trees = new ArrayList<>();
      for (String name : List.of("A", "B", "C")) {
        trees.add(root(name, pool, out));
      }
      CompletableFuture.allOf(trees.toArray(new CompletableFuture<?>[0]))
          .get(1, TimeUnit.MINUTES); // a safety net against a hung task, not a timing
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    out.println();
    String mainId = ID.isBound() ? String.valueOf(ID.get()) : "unset";
    out.println("On the main thread the id is " + mainId + ": each id stayed in its own tree.");
  }

  /** Starts one tree on {@code pool}, which must be a {@code ContextExecutors} wrapper. */
  CompletableFuture<Void> root(String name, Executor pool, PrintStream out) {
    return CompletableFuture.supplyAsync(
            () -> {
              // A task runs in its own copy of the context, so this set stays with this task
              // and the tasks it starts from here on.
              ID.set(1000 + random.nextInt(9000));
              say(out, "Task " + name);
              return child(name, pool, out); // started here: it copies this task's context
            },
            pool)
        .thenCompose(child -> child);
  }

  private static CompletableFuture<Void> child(String name, Executor pool, PrintStream out) {
    return CompletableFuture.supplyAsync(
            () -> {
              say(out, "Child " + name);
              return grandChild(name, pool, out);
            },
            pool)
        .thenCompose(grandChild -> grandChild);
  }

  private static CompletableFuture<Void> grandChild(String name, Executor pool, PrintStream out) {
    return CompletableFuture.runAsync(() -> say(out, "Grand Child " + name), pool);
  }

  private static void say(PrintStream out, String who) {
    out.printf("%-14s id: %d   (thread %s)%n", who, ID.get(), Thread.currentThread().getName());
  }
}
